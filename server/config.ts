import * as z from 'zod';

/** The server's settings, from the environment; bad values stop the start with a message naming them. */
export const ServerConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A PostgreSQL URL; without it the embedded PGlite store is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Where PGlite keeps its files. */
  DATA_DIR: z.string().min(1).default('./.data/server'),
  /** 1: believe X-Forwarded-Proto from the reverse proxy in front (set only behind one). */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** closed: nobody can create a new team on this server (after yours exists). */
  TEAM_SIGNUP: z.enum(['open', 'closed']).default('open'),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  // An empty variable (PORT= in a unit file) means unset, as in most servers.
  const parsed = ServerConfig.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid server settings in the environment:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
