/** What a query expression can see of a client. */
export interface QueryableClient {
  readonly name: string;
  readonly domain: string | null;
  readonly siteCode: string;
  readonly os: { readonly name: string; readonly version: string; readonly arch: string };
  readonly ipAddresses: readonly string[];
  readonly lastSeenAt: Date | string;
  readonly inventory: Readonly<Record<string, unknown>>;
}
