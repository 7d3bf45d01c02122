import { BadRequestException, CallHandler, ExecutionContext } from '@nestjs/common';
import { CONSISTENCY_HEADER, EventPosition, ReadYourWrites, recordWrittenEvents } from '@sdp/messaging';
import { defer, lastValueFrom } from 'rxjs';
import { ConsistencyInterceptor } from './consistency.interceptor';

/** Stands in for the database side: records what it was asked to wait for. */
class RecordingWaits {
  readonly asked: EventPosition[][] = [];
  async waitFor(positions: readonly EventPosition[]): Promise<never[]> {
    this.asked.push([...positions]);
    return [];
  }
}

class FakeResponse {
  readonly headers = new Map<string, string>();
  headersSent = false;
  setHeader(name: string, value: string): void {
    this.headers.set(name, value);
  }
  removeHeader(name: string): void {
    this.headers.delete(name);
  }
}

function httpContext(method: string, headers: Record<string, string>, response: FakeResponse, authenticated = true): ExecutionContext {
  const request = { method, ...(authenticated && { principal: { kind: 'admin' } }), headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

const handler = (work: () => Promise<unknown>): CallHandler => ({ handle: () => defer(work) });

describe('ConsistencyInterceptor', () => {
  const waits = new RecordingWaits();
  const interceptor = new ConsistencyInterceptor(waits as unknown as ReadYourWrites, 5000);

  it('answers a malformed token with 400 naming the header, before running the handler', async () => {
    let ran = false;
    const run = interceptor.intercept(
      httpContext('GET', { [CONSISTENCY_HEADER]: 'sdp.catalog.packages.v1~S0100001' }, new FakeResponse()),
      handler(async () => (ran = true)),
    );
    await expect(run).rejects.toThrow(BadRequestException);
    await expect(run).rejects.toThrow('Sdp-Consistency header: item 1 is not topic~subject~sequence');
    expect(ran).toBe(false);
  });

  it('waits for the positions a token names before running the handler', async () => {
    const order: string[] = [];
    const recording = new RecordingWaits();
    recording.waitFor = async (positions) => {
      order.push(`wait ${positions.length}`);
      return [];
    };
    const observable = await new ConsistencyInterceptor(recording as unknown as ReadYourWrites, 5000).intercept(
      httpContext('GET', { [CONSISTENCY_HEADER]: 'sdp.catalog.packages.v1~S0100001~3' }, new FakeResponse()),
      handler(async () => order.push('handler')),
    );
    await lastValueFrom(observable);
    expect(order).toEqual(['wait 1', 'handler']);
  });

  it('never makes a public route wait: an anonymous token is checked but not waited for', async () => {
    const recording = new RecordingWaits();
    const anonymous = new ConsistencyInterceptor(recording as unknown as ReadYourWrites, 5000);
    const observable = await anonymous.intercept(
      httpContext('POST', { [CONSISTENCY_HEADER]: 'sdp.catalog.packages.v1~S0100001~999999' }, new FakeResponse(), false),
      handler(async () => 'registered'),
    );
    expect(await lastValueFrom(observable)).toBe('registered');
    expect(recording.asked).toEqual([]);
    await expect(
      anonymous.intercept(httpContext('POST', { [CONSISTENCY_HEADER]: 'broken' }, new FakeResponse(), false), handler(async () => 'x')),
    ).rejects.toThrow(BadRequestException);
  });

  it('names the events a successful write enqueued in its answer', async () => {
    const response = new FakeResponse();
    const observable = await interceptor.intercept(
      httpContext('POST', {}, response),
      handler(async () => {
        await Promise.resolve();
        recordWrittenEvents([{ topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 1 }]);
        recordWrittenEvents([{ topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 2 }]);
        return 'created';
      }),
    );
    expect(await lastValueFrom(observable)).toBe('created');
    expect(response.headers.get(CONSISTENCY_HEADER)).toBe('sdp.catalog.packages.v1~S0100001~2');
  });

  it('names nothing when the write failed, nor for a read', async () => {
    const failed = new FakeResponse();
    const failing = await interceptor.intercept(
      httpContext('PATCH', {}, failed),
      handler(async () => {
        recordWrittenEvents([{ topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 3 }]);
        throw new Error('rolled back');
      }),
    );
    await expect(lastValueFrom(failing)).rejects.toThrow('rolled back');
    expect(failed.headers.has(CONSISTENCY_HEADER)).toBe(false);

    const read = new FakeResponse();
    await lastValueFrom(
      await interceptor.intercept(
        httpContext('GET', {}, read),
        handler(async () => recordWrittenEvents([{ topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 4 }])),
      ),
    );
    expect(read.headers.has(CONSISTENCY_HEADER)).toBe(false);
  });
});
