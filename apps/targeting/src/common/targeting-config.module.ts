import { DynamicModule, Global, Module } from '@nestjs/common';
import { TargetingConfig } from '../config';

export const TARGETING_CONFIG = Symbol('TARGETING_CONFIG');

@Global()
@Module({})
export class TargetingConfigModule {
  static forRoot(config: TargetingConfig): DynamicModule {
    return { module: TargetingConfigModule, providers: [{ provide: TARGETING_CONFIG, useValue: config }], exports: [TARGETING_CONFIG] };
  }
}
