import { Module } from '@nestjs/common';
import { CLIENT_REVOCATION_LIST } from '@sdp/auth';
import { CollectionsModule } from '../collections/collections.module';
import { EnrollmentSecretsModule } from '../enrollment-secrets/enrollment-secrets.module';
import { MembershipModule } from '../membership/membership.module';
import { ClientCredentialsService } from './client-credentials.service';
import { BlockedClients } from './client-revocation-list';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

@Module({
  imports: [MembershipModule, EnrollmentSecretsModule, CollectionsModule],
  controllers: [ClientsController],
  providers: [ClientsService, ClientCredentialsService, BlockedClients, { provide: CLIENT_REVOCATION_LIST, useExisting: BlockedClients }],
})
export class ClientsModule {}
