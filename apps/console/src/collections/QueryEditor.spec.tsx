/**
 * @jest-environment jsdom
 */
import { act, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { QueryEditor } from './QueryEditor';

function Harness({ initial = '' }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  return <QueryEditor value={value} onChange={setValue} limitingCollectionId="SMS00001" />;
}

// The targeting service's answers, in its own shapes (apps/targeting query-violation.ts, preview).
const PARSE_ERROR = {
  statusCode: 422,
  error: 'Unprocessable Entity',
  message: "expression: at position 21: expected a field (name, ...), NOT or '(' but found the end of the expression",
  details: [
    {
      field: 'expression',
      problems: ["at position 21: expected a field (name, ...), NOT or '(' but found the end of the expression"],
      position: 21,
      expected: ['a field', 'NOT', "'('"],
      found: 'the end of the expression',
    },
  ],
};

describe('QueryEditor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function type(text: string) {
    fireEvent.change(screen.getByLabelText('Query expression'), { target: { value: text } });
    await act(async () => {
      jest.advanceTimersByTime(350);
    });
  }

  it('shows the parser message and marks the position it stopped at', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 422, body: PARSE_ERROR }));
    renderWithSession(<Harness />, fetcher);

    await type("os.name = 'linux' AND");

    expect((await screen.findByRole('alert')).textContent).toContain('at position 21: expected a field');
    expect(screen.getByLabelText('Query expression').getAttribute('aria-invalid')).toBe('true');
    const marker = document.querySelector('.query-marker');
    expect(marker?.textContent).toBe(`os.name = 'linux' AND \n${' '.repeat(21)}^`);
    expect(requests).toEqual([
      { url: '/services/targeting/api/v1/collections/preview', method: 'POST', contentType: 'application/json', body: { expression: "os.name = 'linux' AND", limitingCollectionId: 'SMS00001' } },
    ]);
  });

  it('checks once after typing pauses, then shows the count and sample of a valid expression', async () => {
    const { fetcher, requests } = fakeFetch(() => ({
      status: 200,
      body: { count: 2, sample: [{ id: 'a', name: 'web-01' }, { id: 'b', name: 'web-02' }] },
    }));
    renderWithSession(<Harness />, fetcher);

    fireEvent.change(screen.getByLabelText('Query expression'), { target: { value: "os.name = 'l" } });
    fireEvent.change(screen.getByLabelText('Query expression'), { target: { value: "os.name = 'linux'" } });
    await type("os.name = 'linux'");

    expect((await screen.findByText(/Valid · matches/)).textContent).toBe('Valid · matches 2 clients, e.g. web-01, web-02');
    expect(screen.getByLabelText('Query expression').getAttribute('aria-invalid')).toBe('false');
    expect(requests.map((request) => (request.body as { expression: string }).expression)).toEqual(["os.name = 'linux'"]);
  });

  it('says so in words when the check itself fails', async () => {
    const { fetcher } = fakeFetch(() => ({ status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: 'The targeting service is not running or refuses connections' } }));
    renderWithSession(<Harness />, fetcher);

    await type('name IS NOT NULL');

    expect((await screen.findByText(/Could not check the expression/)).textContent).toBe(
      'Could not check the expression: A service is not reachable: The targeting service is not running or refuses connections',
    );
  });
});
