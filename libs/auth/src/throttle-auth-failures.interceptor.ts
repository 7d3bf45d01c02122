import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UnauthorizedException,
  UseInterceptors,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { AuthFailureThrottle, HeaderWritableResponse, ThrottledRequest } from './auth-failure-throttle';

/**
 * For a public route that checks a secret of its own (client registration): while the caller's
 * address must wait it gets 429 before anything is checked, and each 401 the route answers counts
 * as a failure of that address.
 */
@Injectable()
export class ThrottleAuthFailuresInterceptor implements NestInterceptor {
  constructor(private readonly throttle: AuthFailureThrottle) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<ThrottledRequest>();
    this.throttle.refuseWhileThrottled(request, http.getResponse<HeaderWritableResponse>());
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof UnauthorizedException) {
          this.throttle.recordFailure(request);
        }
        return throwError(() => error);
      }),
    );
  }
}

/** Throttles a route's failed credential checks (its 401 answers) per source address. */
export const ThrottleAuthFailures = (): MethodDecorator & ClassDecorator => UseInterceptors(ThrottleAuthFailuresInterceptor);
