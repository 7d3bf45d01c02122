import { z } from 'zod';

/**
 * The CloudEvents 1.0 structured-mode JSON envelope every record value carries.
 * `sequence` (per aggregate, increasing) and `traceparent` are extension attributes.
 */
export const cloudEventEnvelopeSchema = z.strictObject({
  specversion: z.literal('1.0'),
  id: z.uuid({ version: 'v7' }).describe('Unique event ID, a UUIDv7'),
  source: z.string().min(1).describe('The service that produced the event, e.g. catalog'),
  type: z
    .string()
    .regex(/^sdp\.[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/, 'type must look like sdp.<service>.<aggregate>.<event>.v<N>')
    .describe('Event type, sdp.<service>.<aggregate>.<event>.v<N>'),
  subject: z.string().min(1).describe('ID of the aggregate the event is about; equal to the record key'),
  time: z.iso.datetime({ offset: true }).describe('When the change happened'),
  datacontenttype: z.literal('application/json'),
  dataschema: z.string().optional(),
  sequence: z.number().int().positive().describe('Per-aggregate sequence number, increasing'),
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional()
    .describe('W3C trace context of the change'),
  data: z.unknown(),
});

export type CloudEventEnvelope = z.infer<typeof cloudEventEnvelopeSchema>;

export interface CloudEvent<TData = unknown> extends Omit<CloudEventEnvelope, 'data'> {
  data: TData;
}
