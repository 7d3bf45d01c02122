export const HELP_TEXT = `sdp-agent — the software distribution client for a managed computer

Usage:
  sdp-agent [options]                      run as a service: poll policy, run what is due, report
  sdp-agent [options] --once               one full cycle (register, inventory, poll, run, report), then exit
  sdp-agent [options] available            list the optional programs offered to this computer
  sdp-agent [options] run ADVERTISEMENT_ID run one advertised program now
  sdp-agent [options] supervise            what the installed service runs: keeps the agent running and
                                           applies self-updates, rolling back one that does not come up
  sdp-agent --version                      this agent's version

Options (environment variable in brackets):
  --targeting URL         targeting service            [SDP_TARGETING_URL, default http://127.0.0.1:3003]
  --advertisement URL     advertisement service        [SDP_ADVERTISEMENT_URL, default http://127.0.0.1:3004]
  --replication URL       content-replication service  [SDP_REPLICATION_URL, default http://127.0.0.1:3002]
  --enroll-secret S       the site's enrollment secret [SDP_AGENT_ENROLL_SECRET or SDP_ENROLLMENT_SECRET]
  --data-dir DIR          token, history, reports, cache [SDP_AGENT_DATA_DIR; default per OS:
                          /var/lib/sdp-agent, /Library/Application Support/sdp-agent, %ProgramData%\\sdp-agent]
  --poll-seconds N        policy poll interval (3600)  [SDP_AGENT_POLL_SECONDS]
  --once                  one cycle, then exit         [SDP_AGENT_ONCE=1]
  --inventory-file F      JSON whose fields override the machine's inventory:
                          name, hardwareId, domain, os.{name,version,arch}, ipAddresses,
                          loggedOnUsers, inventory.*
                                                       [SDP_AGENT_INVENTORY_FILE]
  --cache-size-mb N       content cache limit (5120)   [SDP_AGENT_CACHE_SIZE_MB]
  --name NAME             computer name to report      [SDP_AGENT_NAME]
  --no-push               poll only: no notification stream to the advertisement service
                                                       [SDP_AGENT_PUSH=0]
  --options-file F        NAME=VALUE lines of the variables above, e.g. an installer's
                          /etc/sdp-agent/agent.env; flags and the environment win
                                                       [SDP_AGENT_OPTIONS_FILE]
  --metering URL          metering service: meter the programs of its rules (Linux)
                                                       [SDP_METERING_URL; default none: no metering]
  --metering-seconds N    how often running programs are sampled (5)
                                                       [SDP_AGENT_METERING_SECONDS]
  --output-tail-bytes N   how much of the end of a program's stdout and of its stderr each
                          status report carries, 256 to 16384 (4096)
                                                       [SDP_AGENT_OUTPUT_TAIL_BYTES]
  -h, --help              this text

Between polls, schedules and maintenance windows are re-checked every SDP_AGENT_RECHECK_SECONDS (5).
As a service the agent holds a notification stream to the advertisement service; told that its policy
changed, it polls after a random 0..SDP_AGENT_PUSH_DELAY_MS (2000) ms, so many agents told at once do
not all ask in the same instant. The poll interval stays the fallback.
An agent update is a package whose program's command line is "@sdp-agent-update FILE" (see the README):
the agent checks FILE answers --version, puts it in place of its own executable (the old one kept as
EXECUTABLE.previous) and restarts; the supervisor puts the old one back when the new one does not report
in within SDP_AGENT_UPDATE_CONFIRM_SECONDS (120).
Logon and logoff assignments never fire: this agent runs without a user session.
Events go to stdout as one JSON object per line; errors to stderr.
`;
