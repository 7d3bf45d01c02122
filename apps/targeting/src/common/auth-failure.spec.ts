import { UnauthorizedException } from '@nestjs/common';
import { declareError, knownErrorCodes } from '@sdp/service';
import { declareAuthFailure } from './auth-failure';

describe('declareAuthFailure', () => {
  it('makes a 401 that @ThrottleAuthFailures counts (an UnauthorizedException), carrying its code', () => {
    const widgetKeyRefused = declareAuthFailure('WIDGET_KEY_REFUSED');
    const failure = widgetKeyRefused('The widget key does not match');
    expect(failure).toBeInstanceOf(UnauthorizedException);
    expect(failure.getStatus()).toBe(401);
    expect(failure.message).toBe('The widget key does not match');
    expect(failure.code).toBe('WIDGET_KEY_REFUSED');
  });

  it('declares its code as unauthenticated, so the OpenAPI document lists it and it means that everywhere', () => {
    declareAuthFailure('WIDGET_TOKEN_MISSING');
    expect(knownErrorCodes()).toContain('WIDGET_TOKEN_MISSING');
    expect(() => declareError('WIDGET_TOKEN_MISSING', 'forbidden')).toThrow('error code WIDGET_TOKEN_MISSING is declared as unauthenticated and as forbidden');
  });
});
