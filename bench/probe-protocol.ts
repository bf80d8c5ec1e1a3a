/** What the orchestrator asks a probed process (see probe.ts), and how it answers. */
export type ProbeRequest =
  { id: number; command: 'stats' } | { id: number; command: 'profile-start'; intervalUs?: number } | { id: number; command: 'profile-stop'; path: string };

export type ProbeReply = { id: number; result?: unknown; error?: string };

export interface ProbeStats {
  dbWrites: number;
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}
