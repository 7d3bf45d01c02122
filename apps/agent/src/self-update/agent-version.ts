/** Set by the agent's build (webpack DefinePlugin) from package.json or SDP_AGENT_VERSION; absent in tests run from source. */
declare const SDP_AGENT_BUILD_VERSION: string | undefined;

/** This agent's version: reported in its inventory (`inventory.agentVersion`) and compared by self-update. */
export function agentVersion(): string {
  return typeof SDP_AGENT_BUILD_VERSION === 'string' ? SDP_AGENT_BUILD_VERSION : '0.0.0-source';
}
