// What bench/, tools/ and e2e/ may use of the agent, as `@sdp/agent/test-support`: the fleet
// simulator (N simulated agents speaking the real protocol in one process).
export { Fleet, summaryLine, syntheticDocument } from '../fleet-simulator/fleet';
export type { FleetMemory, FleetOptions } from '../fleet-simulator/fleet';
export type { AdvertisementTimes, FleetEvent, FleetStats } from '../fleet-simulator/fleet-stats';
export { parseOutcome } from '../fleet-simulator/scripted-runner';
export type { OutcomeScript, ProgramOutcome, ScriptedRun } from '../fleet-simulator/scripted-runner';
export type { AgentDocument } from '../fleet-simulator/simulated-agent';
