import { DynamicModule, Module } from '@nestjs/common';
import { ReplicationConfig } from './config';

export const REPLICATION_CONFIG = Symbol('REPLICATION_CONFIG');

@Module({})
export class ReplicationConfigModule {
  static forRoot(config: ReplicationConfig): DynamicModule {
    return { module: ReplicationConfigModule, global: true, providers: [{ provide: REPLICATION_CONFIG, useValue: config }], exports: [REPLICATION_CONFIG] };
  }
}
