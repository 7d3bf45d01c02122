const { DefinePlugin } = require('webpack');
const { serviceWebpackConfig } = require('../../tools/build/service-webpack-config');

const config = serviceWebpackConfig(__dirname, 'agent');
// The agent's version (its inventory's agentVersion, `--version`, self-update): the product's, or
// SDP_AGENT_VERSION when a build is made for a given version (the self-update tests build two).
const version = process.env.SDP_AGENT_VERSION || require('../../package.json').version;
config.plugins.push(new DefinePlugin({ SDP_AGENT_BUILD_VERSION: JSON.stringify(version) }));

module.exports = config;
