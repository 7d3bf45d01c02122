import { ClientRevocationList } from '@sdp/auth';
import { DataSource } from 'typeorm';

/** Blocked clients, as targeting announced them, get 403 on every client endpoint. */
export function clientRevocationsFrom(dataSource: DataSource): ClientRevocationList {
  return {
    isRevoked: async (clientId) => {
      const [row]: { blocked: boolean }[] = await dataSource.query(`SELECT blocked FROM known_client WHERE id = $1`, [clientId]);
      return row?.blocked === true;
    },
  };
}
