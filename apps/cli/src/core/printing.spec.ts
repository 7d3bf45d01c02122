import { printLine } from './command';
import { errorLine } from './errors';

describe('what sdp prints', () => {
  it('escapes anything unprintable in every printed line and error line, whatever the service sent', () => {
    let written = '';
    printLine({ write: (text) => void (written += text), isTTY: false }, 'package  \u001b[2Jevil\nnext');
    expect(written).toBe('package  \\u{001B}[2Jevil\nnext\n');
    expect(errorLine(new Error('409 package \u202eS0100001 is in use'))).toBe('sdp: 409 package \\u{202E}S0100001 is in use');
  });
});
