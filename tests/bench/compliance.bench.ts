/**
 * Compliance matcher benchmark: `npx tsx tests/bench/compliance.bench.ts [rules]`.
 * Compiles the starter sets plus n (default 10,000) generated rules (two words
 * and one exception each, Chinese and English, like a supervisor's lists), then
 * checks a 500-character draft as the live check would on each keystroke: the
 * first 500 runs warm the JIT, the next 3,000 are timed. Rows: every rule on
 * any console; one console (platform filtering); and the same with 100 of the
 * generated rules also carrying a regex, since regexes cost a pass each.
 * "quietest p95" is the p95 of the least disturbed of six rounds, "CPU p95" the
 * p95 of the process's CPU time per check (time spent descheduled does not
 * count; GC threads do): on a shared, loaded machine these two say more about
 * the code than the wall-clock p95 (see time()).
 * Target (issue 6): p95 of check() under 2 ms. Deterministic: same figures'
 * inputs on every machine.
 */
import { compileRules, type ComplianceMatcher } from '../../lib/compliance/matcher.ts';
import { parseRuleSet, type RuleInput, type RuleSet } from '../../lib/compliance/rules.ts';
import { starterRuleSets } from '../../lib/compliance/starter-rules.ts';

const n = Number(process.argv[2] ?? 10_000);
const WARM = 500;
const TIMED = 3_000;
const ROUNDS = 6;

// mulberry32, as in generate-replies.ts: Math.random cannot be seeded.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(6);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const HANZI = Array.from('的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞');
const LATIN = Array.from('abcdefghijklmnopqrstuvwxyz');

function word(): string {
  if (random() < 0.75) return Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(HANZI)).join('');
  return Array.from({ length: 4 + Math.floor(random() * 5) }, () => pick(LATIN)).join('');
}

function generatedSet(count: number, withRegexes: number): RuleSet {
  const rules: RuleInput[] = [];
  for (let i = 0; i < count; i++) {
    const words = [word(), word()];
    rules.push({
      id: `gen-${i}`,
      name: { zh: `规则 ${i}`, en: `Rule ${i}` },
      category: pick(['off-platform', 'paid-reviews', 'absolute-claims', 'insults-blame', 'tone', 'other'] as const),
      severity: pick(['block', 'warn', 'hint'] as const),
      explanation: { zh: '生成的规则', en: 'Generated rule' },
      patterns: { words, regexes: i < withRegexes ? [`${words[0]}[^。!?\\n]{0,10}?${word()}`] : [] },
      exceptions: [words[0] + word()],
      // One rule in ten is limited to a console, as a supervisor's per-platform lists would be.
      ...(i % 10 === 0 ? { platforms: [pick(['feige', 'pinduoduo', 'taobao', 'shopee'])] } : {}),
    });
  }
  return parseRuleSet({ id: 'generated', name: { zh: '生成', en: 'Generated' }, rules });
}

/** About 500 characters of a real-looking after-sale reply, with a few risky phrases in it. */
function draft(): string {
  const parts = [
    '亲，您好！非常抱歉给您带来不便。您的订单号 2411301234567890123 已经在今天下午发出，快递单号 SF1234567890123，',
    '正常情况下 3 天内送达。这款是我们店最近卖得最好的一款，第一次购买可以领 5 元优惠券。关于尺码，',
    '建议您参考详情页的尺码表：身高 160–165 选 M，165–170 选 L。如果收到后不合适，支持七天无理由退换，',
    '运费险会自动理赔。面料是 100%纯棉，洗涤时请用冷水手洗，不要暴晒。如有任何问题，请随时联系我们，',
    '我们第一时间为您处理。另外，好评返现的活动已经结束了，不好意思哦。Thank you for your order! ',
    'We will do our best to help. If the parcel has not arrived by Friday, please tell us and we will ',
    'contact the carrier for you. 祝您购物愉快！',
  ];
  let text = parts.join('');
  while (text.length < 500) text += '感谢您的耐心等待，我们会持续跟进物流信息。';
  return text.slice(0, 500);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/**
 * Percentiles of every timed check, and the p95 of the quietest of ROUNDS
 * rounds: on a shared machine other processes preempt ours, which only ever
 * adds time, so the quietest round is the closer figure for the code itself.
 */
function time(matcher: ComplianceMatcher, text: string, platform: string | undefined): { row: number[]; hits: number } {
  const options = platform === undefined ? {} : { platform };
  for (let i = 0; i < WARM; i++) matcher.check(text, options);
  const all: number[] = [];
  const cpu: number[] = [];
  let quietest = Infinity;
  let hits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    for (let i = 0; i < TIMED / ROUNDS; i++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      hits = matcher.check(text, options).length;
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    quietest = Math.min(quietest, percentile(times, 95));
    all.push(...times);
  }
  all.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { row: [percentile(all, 50), percentile(all, 95), quietest, percentile(cpu, 95), percentile(all, 99), all.at(-1) ?? NaN], hits };
}

const text = draft();
const rows: string[][] = [];
for (const withRegexes of [0, 100]) {
  const generated = generatedSet(n, withRegexes);
  const start = performance.now();
  const matcher = compileRules([...starterRuleSets, generated]);
  const compileMs = performance.now() - start;
  for (const platform of [undefined, 'feige']) {
    const { row, hits } = time(matcher, text, platform);
    rows.push([
      `${matcher.ruleCount} rules, ${matcher.regexCount} regexes`,
      platform ?? 'any',
      compileMs.toFixed(0),
      ...row.map((ms) => ms.toFixed(3)),
      String(hits),
    ]);
  }
}

console.log(`draft: ${text.length} characters; ${TIMED} timed checks per row (${ROUNDS} rounds) after ${WARM} warm-up runs; target p95 < 2 ms`);
console.log('');
const header = ['rules', 'console', 'compile ms', 'p50 ms', 'p95 ms', 'quietest p95', 'CPU p95', 'p99 ms', 'max ms', 'matches'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
