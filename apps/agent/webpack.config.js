const { serviceWebpackConfig } = require('../../tools/build/service-webpack-config');

// The agent's version (its inventory's agentVersion, `--version`, self-update): the product's, or
// SDP_AGENT_VERSION when a build is made for a given version (the self-update tests build two).
const version = process.env.SDP_AGENT_VERSION || require('../../package.json').version;

// Self-contained: the bundle is also the script of the agent's single executable (see
// tools/agent-build), which can require Node's built-in modules only.
module.exports = serviceWebpackConfig(__dirname, 'agent', {
  selfContained: true,
  defines: { SDP_AGENT_BUILD_VERSION: JSON.stringify(version) },
});
