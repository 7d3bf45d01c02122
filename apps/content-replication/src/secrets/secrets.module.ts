import { DynamicModule, Module } from '@nestjs/common';
import { SecretCipher } from './secret-cipher';

@Module({})
export class SecretsModule {
  static forRoot(base64Key: string): DynamicModule {
    return { module: SecretsModule, global: true, providers: [{ provide: SecretCipher, useValue: new SecretCipher(base64Key) }], exports: [SecretCipher] };
  }
}
