/**
 * Injection token of the service's loaded configuration. ServiceCoreModule provides it to every
 * module of the service; a provider asks for it typed as its own service's config:
 * `@Inject(SERVICE_CONFIG) private readonly config: CatalogConfig`.
 */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
