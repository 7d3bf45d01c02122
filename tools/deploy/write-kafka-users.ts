// Writes deploy/overlays/prod/kafka-users.yaml, the Strimzi KafkaUsers with the ACLs serviceAcls
// derives from libs/contracts TOPIC_INFO, for the topic prefix, consumer group prefixes and
// usernames the prod overlay's services run with. Run it after changing TOPIC_INFO:
//   npx ts-node --transpile-only -r tsconfig-paths/register tools/deploy/write-kafka-users.ts
// tools/deploy/kustomize.spec.ts fails while the file and serviceAcls disagree. Needs kubectl.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_DIR, renderObjects } from './render';
import { aclScopeOf, kafkaUsersYaml } from './strimzi';
import { OWNING_SERVICES } from '@sdp/contracts';

const objects = renderObjects('overlays/prod');
const cluster = objects.find((object) => object.kind === 'Kafka')?.metadata.name;
if (cluster === undefined) {
  throw new Error('deploy/overlays/prod renders no Strimzi Kafka');
}
const target = join(DEPLOY_DIR, 'overlays', 'prod', 'kafka-users.yaml');
writeFileSync(target, kafkaUsersYaml(cluster, aclScopeOf(objects, OWNING_SERVICES)));
console.log(`wrote ${target}`);
