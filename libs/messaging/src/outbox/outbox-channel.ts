/** The PostgreSQL NOTIFY channel on which committed outbox writes wake the relay. */
export const OUTBOX_CHANNEL = 'sdp_outbox';
