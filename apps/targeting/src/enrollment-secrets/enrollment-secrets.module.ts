import { Module } from '@nestjs/common';
import { EnrollmentSecretsController } from './enrollment-secrets.controller';
import { EnrollmentSecretsService } from './enrollment-secrets.service';

@Module({
  controllers: [EnrollmentSecretsController],
  providers: [EnrollmentSecretsService],
  exports: [EnrollmentSecretsService],
})
export class EnrollmentSecretsModule {}
