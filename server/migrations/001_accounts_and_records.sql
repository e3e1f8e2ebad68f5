-- Accounts, devices, invites, sign-in rate limits, and the synced records.
-- Times are epoch milliseconds (bigint), like the extension's records.

create table teams (
  id text primary key,
  name text not null,
  -- The team's change counter: every changed record takes the next value,
  -- under this row's lock, so pulling "after cursor N" never skips a change.
  seq bigint not null default 0,
  created_at bigint not null
);

create table users (
  id text primary key,
  team_id text not null references teams (id),
  login text not null unique,
  name text not null,
  role text not null check (role in ('supervisor', 'agent')),
  -- argon2id, parameters inside the string.
  password_hash text not null,
  created_at bigint not null
);
create index users_team on users (team_id);

create table invites (
  -- sha256 of the code: a leaked table does not hand out seats.
  code_hash text primary key,
  team_id text not null references teams (id),
  role text not null check (role in ('supervisor', 'agent')),
  created_by text not null references users (id),
  created_at bigint not null,
  expires_at bigint not null,
  used_at bigint,
  used_by text references users (id)
);

create table devices (
  id text primary key,
  user_id text not null references users (id),
  team_id text not null references teams (id),
  name text not null,
  -- sha256 of the bearer token; the token itself is shown once.
  token_hash text not null unique,
  created_at bigint not null,
  last_seen_at bigint,
  revoked_at bigint
);
create index devices_user on devices (user_id);

-- Failed sign-ins and invite attempts, per login and per address: the rate
-- limit lives here so that every server instance counts the same attempts.
create table auth_failures (
  key text not null,
  at bigint not null
);
create index auth_failures_key_at on auth_failures (key, at);

create table records (
  team_id text not null references teams (id),
  kind text not null,
  id text not null,
  -- The agent whose personal reply this is; null for everything the team shares.
  owner_id text references users (id),
  -- For notes, follow-ups, cases and case events: erasing the customer finds them by it.
  customer_id text,
  seq bigint not null,
  -- RecordState of lib/sync/protocol.ts (fields with their versions).
  state jsonb not null,
  primary key (team_id, kind, id)
);
-- Pull: changes after a cursor.
create index records_team_seq on records (team_id, seq);
-- Export and erasure of one customer.
create index records_team_customer on records (team_id, customer_id) where customer_id is not null;

-- Mutation ids already applied (or rejected): a retried push changes nothing twice.
create table applied_mutations (
  team_id text not null references teams (id),
  id text not null,
  device_id text not null,
  status text not null check (status in ('applied', 'rejected')),
  error jsonb,
  applied_at bigint not null,
  primary key (team_id, id)
);
