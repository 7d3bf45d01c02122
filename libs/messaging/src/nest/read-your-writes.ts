import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupPosition, positionsToAwait, waitUntilApplied } from '../consistency/applied-positions';
import { EventPosition } from '../consistency/consistency-token';
import { EventConsumers } from './event-consumers';

/**
 * Read-your-writes across services: waits until this service's consumer groups have applied the
 * events a client's consistency token names. Positions on topics this service does not consume
 * are not waited for.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
  ) {}

  /** The positions this service would wait for. */
  relevant(positions: readonly EventPosition[]): GroupPosition[] {
    return positionsToAwait(positions, this.consumers.list());
  }

  /** Waits at most `timeoutMs`; returns the positions still not applied then (empty when all are). */
  async waitFor(positions: readonly EventPosition[], timeoutMs: number): Promise<GroupPosition[]> {
    const wanted = this.relevant(positions);
    return wanted.length === 0 ? [] : waitUntilApplied(this.dataSource, wanted, { timeoutMs });
  }
}
