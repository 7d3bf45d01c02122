const { serviceWebpackConfig } = require('../../tools/build/service-webpack-config');
const { version } = require('../../package.json');

// Self-contained: the bundle is also the script of the agent's single executable (see
// tools/agent-build), which can require Node's built-in modules only.
module.exports = serviceWebpackConfig(__dirname, 'agent', {
  selfContained: true,
  defines: { SDP_AGENT_VERSION: JSON.stringify(version) },
});
