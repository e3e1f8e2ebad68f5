/**
 * What the supervisor is told when a rule set or a rules file cannot be
 * saved or imported, in 简体中文 and English. The schemas in rules.ts put these
 * keys into an AppError's `fields` (keyed by the field's path, e.g.
 * `ruleSets.0.rules.3.patterns.regexes.1`); shaped like lib/i18n/messages.ts
 * (keys without the `error.` prefix) so the editor UI can spread them into its
 * tables. messages.test.ts checks every key rules.ts uses has both texts.
 */
export const complianceErrorsZh = {
  invalid: '这一项的内容不正确，请检查。',
  'rule-id-format': '规则编号只能用字母、数字、“-”和“_”，最多 64 个字符。',
  'platform-id-format': '平台要写成适配器编号，例如 feige、pinduoduo、amazon-seller-central。',
  'name-required': '请填写名称（中文和英文都要填）。',
  'name-too-long': '名称最多 60 个字。',
  'explanation-required': '请写明为什么要注意这类说法（中文和英文都要填），客服会看到这段说明。',
  'explanation-too-long': '说明最多 500 个字。',
  'coverage-required': '请写明这套规则覆盖了什么、没有覆盖什么（中文和英文都要填）。',
  'coverage-too-long': '覆盖说明最多 2000 个字。',
  'category-invalid': '请从列表中选择类别。',
  'severity-invalid': '请选择级别：禁止发送、有风险或语气建议。',
  'patterns-required': '每条规则至少要有一个词或一个正则表达式。',
  'word-empty': '词不能为空，也不能只有空格或标点。',
  'word-too-short': '单个字母或数字会在几乎所有回复里报警，请写完整的词（例如“vx”“加v”）。',
  'word-too-long': '一个词最多 50 个字，较长的说法请拆成几个词或写成正则表达式。',
  'too-many-words': '一条规则最多 1000 个词，请拆成几条规则。',
  'regex-invalid': '这个正则表达式写法有误，无法使用。',
  'regex-too-long': '正则表达式最多 300 个字符。',
  'regex-matches-empty': '这个正则表达式能匹配空文本，会在任何地方报警，请改写（例如把 * 改成 +）。',
  'too-many-regexes': '一条规则最多 20 个正则表达式。',
  'too-many-exceptions': '一条规则最多 200 个例外词。',
  'suggestion-empty': '建议说法不能为空；不需要时请删除。',
  'suggestion-too-long': '建议说法最多 200 个字。',
  'too-many-rules': '一套规则最多 20000 条，请拆成几套。',
  'too-many-rule-sets': '一个文件最多 100 套规则。',
  'duplicate-rule-id': '同一套规则里有两条规则编号相同，请改掉其中一个。',
  'duplicate-rule-set-id': '文件里有两套规则编号相同，请改掉其中一个。',
  'export-not-json': '这个文件不是规则导出文件（无法按 JSON 读取），请选择本扩展导出的 .json 文件。',
  'export-wrong-format': '这个文件不是合规规则的导出文件，请选择“导出规则”生成的文件。',
  'export-newer-version': '这个文件由更新版本的扩展导出，请先更新扩展再导入。',
  'csv-columns': '这个 CSV 缺少规则表格需要的列，请从“导出 CSV”生成的表格开始修改。',
  'csv-empty': '这个 CSV 里没有规则行。',
} as const;

export type ComplianceErrorKey = keyof typeof complianceErrorsZh;

export const complianceErrorsEn: Record<ComplianceErrorKey, string> = {
  invalid: 'This entry is not valid: please check it.',
  'rule-id-format': 'A rule id may use letters, digits, “-” and “_”, at most 64 characters.',
  'platform-id-format': 'Write a console as its adapter id, e.g. feige, pinduoduo, amazon-seller-central.',
  'name-required': 'Please enter a name (in both Chinese and English).',
  'name-too-long': 'A name can be at most 60 characters.',
  'explanation-required': 'Please explain why this wording matters (in both Chinese and English): agents see this text.',
  'explanation-too-long': 'An explanation can be at most 500 characters.',
  'coverage-required': 'Please say what this rule set covers and what it does not (in both Chinese and English).',
  'coverage-too-long': 'The coverage note can be at most 2000 characters.',
  'category-invalid': 'Please choose a category from the list.',
  'severity-invalid': 'Please choose a severity: do not send, risky, or tone hint.',
  'patterns-required': 'Each rule needs at least one word or one regular expression.',
  'word-empty': 'A word cannot be empty or only spaces and punctuation.',
  'word-too-short': 'A single letter or digit would fire in almost every reply: write the whole word (e.g. “vx”, “加v”).',
  'word-too-long': 'A word can be at most 50 characters: split a longer phrase or write it as a regular expression.',
  'too-many-words': 'A rule can have at most 1000 words: split it into several rules.',
  'regex-invalid': 'This regular expression is not valid and cannot be used.',
  'regex-too-long': 'A regular expression can be at most 300 characters.',
  'regex-matches-empty': 'This regular expression matches empty text and would fire everywhere: rewrite it (e.g. + instead of *).',
  'too-many-regexes': 'A rule can have at most 20 regular expressions.',
  'too-many-exceptions': 'A rule can have at most 200 exceptions.',
  'suggestion-empty': 'A suggestion cannot be empty; remove it when not needed.',
  'suggestion-too-long': 'A suggestion can be at most 200 characters.',
  'too-many-rules': 'A rule set can have at most 20,000 rules: split it into several sets.',
  'too-many-rule-sets': 'A file can hold at most 100 rule sets.',
  'duplicate-rule-id': 'Two rules in the same set have the same id: change one of them.',
  'duplicate-rule-set-id': 'Two rule sets in the file have the same id: change one of them.',
  'export-not-json': 'This is not a rules export (it cannot be read as JSON): choose a .json file exported by this extension.',
  'export-wrong-format': 'This file is not a compliance rules export: choose a file made with “Export rules”.',
  'export-newer-version': 'This file was exported by a newer version of the extension: update the extension first, then import it.',
  'csv-columns': 'This CSV lacks columns the rules table needs: start from a table made with “Export CSV”.',
  'csv-empty': 'This CSV has no rule rows.',
};
