import { buildAgentPackage, BuiltPackage } from '../agent-package/build-package';
import { AGENT_PACKAGE_OPTIONS, loopbackUrls, packageRequest } from '../agent-package/package-request';
import { CommandSpec, printLine, show } from '../core/command';
import { renderFields } from '../output/table';

export function builtPackageView(built: BuiltPackage & { type: string; urls: string[] }): string {
  return `${renderFields([
    ['Package', built.path],
    ['Type', built.type],
    ['Agent version', built.agentVersion],
    ['SHA-256', built.sha256],
    ['Services', built.urls.join(' ')],
  ])}\n\nIt holds the enrollment secret: keep it where only administrators can read it.`;
}

export const agentCommands: CommandSpec[] = [
  {
    words: ['agent', 'package'],
    usage: '--type deb|rpm|windows|macos --enroll-secret SECRET [--targeting-url URL --advertisement-url URL --replication-url URL] [--output DIR]',
    summary: "build an installer of the agent with this CLI's service URLs and an enrollment secret baked in",
    options: AGENT_PACKAGE_OPTIONS,
    async run(context, { values }) {
      const request = packageRequest(values, context.settings.urls, context.env);
      const built = await buildAgentPackage(request);
      for (const url of loopbackUrls(request.options)) {
        printLine(context.stderr, `note: ${url} names this computer; managed computers reach the services only at addresses they can route to (--targeting-url, --advertisement-url, --replication-url)`);
      }
      const urls = [request.options.SDP_TARGETING_URL, request.options.SDP_ADVERTISEMENT_URL, request.options.SDP_REPLICATION_URL].filter((url): url is string => url !== undefined);
      show(context, { ...built, type: request.type, urls }, builtPackageView);
    },
  },
];
