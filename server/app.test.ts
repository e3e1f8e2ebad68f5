import type { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/db/ids';
import { encodeHlc } from '../lib/sync/hlc';
import { materialize } from '../lib/sync/merge';
import { DevicesResponse, InviteInfo, InviteResponse, MeResponse, type MutationInput } from '../lib/sync/protocol';
import { createApp } from './app';
import type { Instance } from './instance';
import { openEmbedded } from './storage';
import { call, fails, newAgent, newTeam, NEW_REPLY, ok, PEER_HEADER, pullAll, pushOk, readEvents, reply, stamp, TEST_ARGON2, testInstance } from './testing/harness';

/** Route tests through Hono's app.request() on an in-memory PGlite. */
let instance: Instance;
beforeAll(async () => {
  instance = await testInstance(await openEmbedded(undefined), { heartbeatMs: 150 });
});
afterAll(async () => {
  await instance?.close();
});

describe('health and transport', () => {
  it('answers /health with the storage kind', async () => {
    expect(await ok(await call(instance, 'GET', '/health'))).toEqual({ ok: true, storage: 'embedded' });
  });

  it('refuses plain http from another machine, but not /health', async () => {
    const err = await fails(await call(instance, 'POST', '/v1/sessions', { peer: '203.0.113.7', body: {} }), 403, 'https-required');
    expect(err.message).toContain('https://');
    expect((await call(instance, 'GET', '/health', { peer: '203.0.113.7' })).status).toBe(200);
    expect((await call(instance, 'GET', '/v1/me', { peer: '::ffff:127.0.0.1' })).status).toBe(401);
    expect((await call(instance, 'GET', '/v1/me', { peer: '::1' })).status).toBe(401);
  });

  it('behind a trusted proxy, X-Forwarded-Proto decides', async () => {
    const proxied = createApp({
      storage: instance.storage,
      feed: instance.feed,
      trustProxy: true,
      argon2: TEST_ARGON2,
      clientAddress: (c: Context) => c.req.header(PEER_HEADER),
    });
    const get = (proto: string | undefined, peer: string) =>
      proxied.request('http://sync.example/v1/me', { headers: { [PEER_HEADER]: peer, ...(proto ? { 'x-forwarded-proto': proto } : {}) } });
    expect((await get('https', '10.0.0.2')).status).toBe(401);
    expect((await get('http', '127.0.0.1')).status).toBe(403);
    expect((await get(undefined, '10.0.0.2')).status).toBe(403);
    // Without TRUST_PROXY the header is ignored.
    const direct = await call(instance, 'GET', '/v1/me', { peer: '10.0.0.2', headers: { 'x-forwarded-proto': 'https' } });
    await fails(direct, 403, 'https-required');
  });

  it('answers unknown endpoints and bad bodies with a JSON error saying what to fix', async () => {
    await fails(await call(instance, 'GET', '/v1/nothing'), 404, 'not-found');
    await fails(await call(instance, 'POST', '/v1/teams', { body: '{"teamName": ' }), 400, 'bad-json');
    const err = await fails(
      await call(instance, 'POST', '/v1/teams', { body: { teamName: '店', login: 'ab', name: '王', password: 'short', deviceName: 'pc' } }),
      400,
      'validation',
    );
    expect(err.issues).toEqual(
      expect.arrayContaining([
        { path: 'login', message: 'login-too-short' },
        { path: 'password', message: 'password-too-short' },
      ]),
    );
    expect(err.message).toContain('login');
  });

  it('refuses a body over the size limit before parsing it', async () => {
    const big = { teamName: 'x'.repeat(20_000), login: 'biggy', name: 'n', password: 'long enough password', deviceName: 'pc' };
    await fails(await call(instance, 'POST', '/v1/teams', { body: big }), 413, 'payload-too-large');
  });
});

describe('accounts', () => {
  it('creates a team whose supervisor is signed in on this device', async () => {
    const boss = await newTeam(instance, '杭州女装旗舰店');
    const me = MeResponse.parse(await ok(await call(instance, 'GET', '/v1/me', { token: boss.token })));
    expect(me).toMatchObject({ user: { role: 'supervisor', name: '王主管' }, team: { name: '杭州女装旗舰店' }, device: { current: true, name: 'Office PC' } });
    const taken = await call(instance, 'POST', '/v1/teams', {
      body: { teamName: '另一家', login: boss.user.login.toUpperCase(), name: 'x', password: 'long enough password', deviceName: 'pc' },
    });
    await fails(taken, 409, 'login-taken');
  });

  it('stores neither the password nor the token in the clear', async () => {
    const boss = await newTeam(instance);
    const [user] = await instance.storage.query<{ password_hash: string }>('select password_hash from users where id = $1', [boss.user.id]);
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
    const devices = await instance.storage.query<{ token_hash: string }>('select token_hash from devices where id = $1', [boss.device.id]);
    expect(devices[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(devices[0]?.token_hash).not.toContain(boss.token);
  });

  it('invites: a supervisor makes a code, anyone can read what it is for, one person uses it', async () => {
    const boss = await newTeam(instance, '拼多多小店');
    const invite = InviteResponse.parse(await ok(await call(instance, 'POST', '/v1/invites', { token: boss.token, body: { expiresInHours: 24 } }), 201));
    expect(invite.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/);
    expect(invite.link).toBe(`http://localhost/v1/invites/${invite.code}`);
    const info = InviteInfo.parse(await ok(await call(instance, 'GET', `/v1/invites/${invite.code.toLowerCase().replace(/-/g, '')}`)));
    expect(info).toMatchObject({ teamName: '拼多多小店', role: 'agent' });

    const accept = (login: string) =>
      call(instance, 'POST', '/v1/invites/accept', { body: { code: invite.code, login, name: '小张', password: 'agent password 1', deviceName: 'Laptop' } });
    const joined = await ok<{ user: { role: string; teamId: string } }>(await accept(`zhang-${boss.team.id.toLowerCase()}`), 201);
    expect(joined.user).toEqual(expect.objectContaining({ role: 'agent', teamId: boss.team.id }));
    await fails(await accept(`zhang2-${boss.team.id.toLowerCase()}`), 404, 'invite-invalid');
    await fails(await call(instance, 'GET', `/v1/invites/${invite.code}`), 404, 'invite-invalid');
  });

  it('invites expire', async () => {
    const boss = await newTeam(instance);
    const invite = InviteResponse.parse(await ok(await call(instance, 'POST', '/v1/invites', { token: boss.token, body: {} }), 201));
    await instance.storage.query('update invites set expires_at = $2 where team_id = $1', [boss.team.id, Date.now() - 1]);
    const res = await call(instance, 'POST', '/v1/invites/accept', {
      body: { code: invite.code, login: `late-${boss.team.id.toLowerCase()}`, name: '迟到', password: 'agent password 1', deviceName: 'pc' },
    });
    await fails(res, 404, 'invite-invalid');
  });

  it('only a supervisor invites', async () => {
    const boss = await newTeam(instance);
    const agent = await newAgent(instance, boss);
    await fails(await call(instance, 'POST', '/v1/invites', { token: agent.token, body: {} }), 403, 'forbidden');
  });

  it('signs in with the password and gives each device its own token', async () => {
    const boss = await newTeam(instance);
    const second = await ok<{ token: string; device: { id: string } }>(
      await call(instance, 'POST', '/v1/sessions', { body: { login: boss.user.login, password: 'correct horse battery', deviceName: 'Home PC' } }),
      201,
    );
    expect(second.token).not.toBe(boss.token);
    expect(second.device.id).not.toBe(boss.device.id);
    await fails(
      await call(instance, 'POST', '/v1/sessions', { body: { login: boss.user.login, password: 'wrong password!', deviceName: 'x' } }),
      401,
      'bad-credentials',
    );
    await fails(await call(instance, 'POST', '/v1/sessions', { body: { login: 'nobody-here', password: 'whatever pw', deviceName: 'x' } }), 401, 'bad-credentials');
  });

  it('devices: agents see and revoke their own, the supervisor any of the team; a revoked token stops working', async () => {
    const boss = await newTeam(instance);
    const agent = await newAgent(instance, boss);
    const agentSees = DevicesResponse.parse(await ok(await call(instance, 'GET', '/v1/devices', { token: agent.token })));
    expect(agentSees.devices.map((d) => d.id)).toEqual([agent.device.id]);
    const bossSees = DevicesResponse.parse(await ok(await call(instance, 'GET', '/v1/devices', { token: boss.token })));
    expect(bossSees.devices.map((d) => d.id).sort()).toEqual([boss.device.id, agent.device.id].sort());
    await fails(await call(instance, 'DELETE', `/v1/devices/${boss.device.id}`, { token: agent.token }), 404, 'not-found');
    await ok(await call(instance, 'DELETE', `/v1/devices/${agent.device.id}`, { token: boss.token }), 204);
    await fails(await call(instance, 'GET', '/v1/me', { token: agent.token }), 401, 'unauthorized');
    const after = DevicesResponse.parse(await ok(await call(instance, 'GET', '/v1/devices', { token: boss.token })));
    expect(after.devices.find((d) => d.id === agent.device.id)?.revokedAt).toBeGreaterThan(0);
  });

  it('refuses requests without a valid token', async () => {
    await fails(await call(instance, 'GET', '/v1/sync/pull'), 401, 'unauthorized');
    await fails(await call(instance, 'GET', '/v1/sync/pull', { token: 'x'.repeat(43) }), 401, 'unauthorized');
  });
});

describe('sync', () => {
  it('team library: the supervisor writes, agents read; agents keep a personal library nobody else sees', async () => {
    const boss = await newTeam(instance);
    const li = await newAgent(instance, boss, '小李');
    const zhang = await newAgent(instance, boss, '小张');
    const teamReply = reply(boss, 'team-1', NEW_REPLY);
    expect((await pushOk(instance, boss, [teamReply])).results[0]?.status).toBe('applied');

    const denied = await pushOk(instance, li, [reply(li, 'team-1', { body: '我改一下' }), reply(li, 'team-2', NEW_REPLY)]);
    expect(denied.results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    const rules: MutationInput = { id: `rules-${newId()}`, kind: 'rule-set', recordId: 'rs1', op: 'put', hlc: stamp(li.device.id), fields: { enabled: false } };
    expect((await pushOk(instance, li, [rules])).results[0]?.error?.code).toBe('forbidden');

    const personal = reply(li, 'mine-1', { ...NEW_REPLY, title: '我的话术' }, { scope: 'personal' });
    expect((await pushOk(instance, li, [personal])).results[0]?.status).toBe('applied');
    const hijack = reply(zhang, 'mine-1', { body: '偷改' }, { scope: 'personal' });
    expect((await pushOk(instance, zhang, [hijack])).results[0]?.error?.code).toBe('not-found');

    const ids = async (s: typeof boss) => (await pullAll(instance, s)).changes.map((c) => c.id).sort();
    expect(await ids(li)).toEqual(['mine-1', 'team-1']);
    expect(await ids(zhang)).toEqual(['team-1']);
    expect(await ids(boss)).toEqual(['team-1']);
  });

  it('customers, notes and cases are shared by the team; two agents’ notes both arrive', async () => {
    const boss = await newTeam(instance);
    const li = await newAgent(instance, boss, '小李');
    const zhang = await newAgent(instance, boss, '小张');
    const note = (s: typeof li, id: string, text: string): MutationInput => ({
      id: `note-${newId()}`,
      kind: 'note',
      recordId: id,
      customerId: 'cust-1',
      op: 'put',
      hlc: stamp(s.device.id),
      fields: { customerId: 'cust-1', text, pinned: false },
    });
    await pushOk(instance, li, [note(li, 'n-li', '买家说尺码偏小')]);
    await pushOk(instance, zhang, [note(zhang, 'n-zhang', '已补发一件 L 码')]);
    const seen = (await pullAll(instance, boss)).changes.map((c) => materialize(c));
    expect(seen.map((r) => [r.id, r.author, r.values.text])).toEqual([
      ['n-li', '小李', '买家说尺码偏小'],
      ['n-zhang', '小张', '已补发一件 L 码'],
    ]);
  });

  it('concurrent edits of one reply body keep the losing text as a conflict copy', async () => {
    const boss = await newTeam(instance);
    const laptop = await ok<{ token: string; device: { id: string } }>(
      await call(instance, 'POST', '/v1/sessions', { body: { login: boss.user.login, password: 'correct horse battery', deviceName: 'Laptop' } }),
      201,
    );
    const created = reply(boss, 'r-c', NEW_REPLY);
    await pushOk(instance, boss, [created]);
    const a = reply(boss, 'r-c', { body: '亲，一般48小时内发货' }, { base: { body: [created.hlc] } });
    const b = { ...reply(boss, 'r-c', { body: '您好，今天下单明天发' }, { base: { body: [created.hlc] } }), hlc: stamp(laptop.device.id) };
    await pushOk(instance, { ...boss, token: laptop.token }, [b]);
    await pushOk(instance, boss, [a]);
    const [change] = (await pullAll(instance, boss)).changes;
    const record = materialize(change!);
    expect(record.values.body).toBe('您好，今天下单明天发');
    expect(record.conflicts.body?.map((c) => c.value)).toEqual(['亲，一般48小时内发货']);
  });

  it('validates every mutation and names the one to fix', async () => {
    const boss = await newTeam(instance);
    const good = reply(boss, 'v-1', NEW_REPLY);
    const bad = reply(boss, 'v-2', { ...NEW_REPLY, body: '' });
    const err = await fails(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: [good, bad] } }), 400, 'validation');
    expect(err.issues?.[0]).toEqual({ path: 'mutations.1.fields.body', message: 'body-required' });
    // Nothing of a refused push is stored.
    expect((await pullAll(instance, boss)).changes).toEqual([]);

    const many = Array.from({ length: 501 }, (_, i) => reply(boss, `many-${i}`, NEW_REPLY));
    expect((await fails(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: many } }), 400, 'validation')).issues?.[0]?.message).toBe(
      'too-many-mutations',
    );
    await fails(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: [good, good] } }), 400, 'validation');
    await fails(await call(instance, 'GET', '/v1/sync/pull?cursor=-1', { token: boss.token }), 400, 'validation');
  });

  it('refuses an edit stamped far in the future, for good', async () => {
    const boss = await newTeam(instance);
    const future = reply(boss, 'f-1', NEW_REPLY, { hlc: encodeHlc({ wall: Date.now() + 3600_000, counter: 0, node: boss.device.id }) });
    const res = await pushOk(instance, boss, [future]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'clock-drift' } });
    expect((await pushOk(instance, boss, [future])).results[0]?.status).toBe('duplicate');
  });

  it('a stream tells a revoked device and ends', async () => {
    const boss = await newTeam(instance);
    const agent = await newAgent(instance, boss);
    const stream = await call(instance, 'GET', '/v1/sync/stream', { token: agent.token });
    const events = readEvents(stream, (e) => e.event === 'revoked');
    await ok(await call(instance, 'DELETE', `/v1/devices/${agent.device.id}`, { token: agent.token }), 204);
    expect((await events).map((e) => e.event)).toContain('revoked');
  });

  it('export and erasure answer 404 for a customer the team does not have', async () => {
    const boss = await newTeam(instance);
    await fails(await call(instance, 'GET', '/v1/customers/nobody/export', { token: boss.token }), 404, 'not-found');
    await fails(await call(instance, 'DELETE', '/v1/customers/nobody', { token: boss.token }), 404, 'not-found');
  });
});
