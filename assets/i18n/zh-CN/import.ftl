# import：import 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

## 选择文件
import-title = 导入月末台账
import-dialog-filter = 台账（CSV、文本、Excel）
import-choose-file = 选择文件…
import-waiting-for-dialog = 正在等待文件对话框…
import-no-file = 尚未选择文件。
import-drop-hint = 也可以把台账文件（CSV、TXT、XLSX、XLS）拖到本窗口。
import-type-path = 输入路径…

## 文件内容
import-help-title = 文件应包含的内容
import-help-text = 某一日期的应收账款未清项目台账，按 ERP 导出的原样即可（任意常见编码的 CSV 或其他分隔文本，或 Excel 工作簿），每行一张未清单据。表头上方的标题行、分组行、小计和合计会被跳过；SAP、Oracle、Business Central、NetSuite、QuickBooks、Xero、金蝶、用友等系统使用的列名都能识别，其他列可在读取文件后映射。各字段：
import-required = 必填
import-optional = 选填
import-help-as-of = 截至日期取自文件名（ar_2016-12-31.csv、2016-12.csv），可以修改。按下“导入台账”之前不会写入任何内容；导入要么全部成功，要么什么都不改变。

## 截至日期与导入按钮
import-as-of-date = 截至日期
import-date-hint = YYYY-MM-DD
import-enter-as-of = 请输入截至日期（YYYY-MM-DD）
import-date-in-book = 账簿中已有截至 { $as_of } 的快照。
import-replace = 替换现有快照
import-import-ledger = 导入台账
import-importing = 正在导入…
import-cancel = 取消导入
import-cancel-hint = 取消后账簿保持原样：导入要么全部成功，要么什么都不改变。
import-reading = 正在读取文件…
import-reading-rows = 正在读取文件：{ $rows } 行
import-rows-read = 已读取 { $rows } 行
import-failure-replace = 如仍要导入，请勾选“替换现有快照”。
import-failure-unchanged = 未导入任何内容，账簿保持不变。
import-worker-failed = 导入失败：{ $error }；账簿保持不变

## 无法导入的原因
import-blocked-no-file = 请先选择文件
import-blocked-no-date = 请输入有效的截至日期
import-blocked-running = 正在导入
import-blocked-busy = 账簿正在更新
import-blocked-unreadable = 无法读取该文件
import-blocked-errors = { $n ->
   *[other] 请先修正下方的 { $n } 处错误
}
import-blocked-closed = 账簿已结账至 { $through }：在反结账之前，不能导入截至 { $as_of } 的快照
import-blocked-date-in-book = 账簿中已有截至 { $as_of } 的快照：请勾选“替换现有快照”
import-blocked-same-content = 该文件已导入过，即截至 { $as_of } 的快照（{ $source }）：如要重新导入，请勾选“替换现有快照”

## 预览
import-preview-rows = { $n ->
   *[other] { $rows } 行
}
import-preview-customers = { $n ->
   *[other] { $customers } 个客户
}
import-preview-total = 合计
import-preview-errors = { $n ->
   *[other] { $n } 处错误
}
import-preview-errors-stopped = { $n ->
   *[other] { $n } 处错误（已停止读取）
}
import-preview-warnings = { $n ->
   *[other] { $n } 条警告
}
import-preview-valid-rows = { $n ->
   *[other] 行数与合计仅计 { $rows } 个有效行
}
import-preview-first-rows = { $n ->
   *[other] 前 { $n } 行（按导入后的样子显示）
}
import-field = 字段
import-file-column = 文件列
import-missing = 缺失
import-default = 默认
import-default-hover = 文件中没有此列：采用账簿的默认值
import-not-imported = 不导入的列：{ $columns }
import-list-separator = 、
import-mapping-hint = 粗体字段为必填；“默认”表示采用账簿的默认值。
import-errors-and-warnings = 错误与警告
import-error-line = 错误 · { $text }
import-warning-line = 警告 · { $text }
import-col-line = 行号
import-col-document = 单据号
import-col-date = 单据日期
import-col-due = 到期日
import-col-currency = 币种
import-col-disputed = 有争议
import-col-open-amount = 未清金额

## 导入结果
import-done = 已导入 { $file }，截至 { $as_of }。
import-done-replaced = 已导入 { $file }，截至 { $as_of }，替换了原有快照。
import-open-items = 未清项目
import-new-customers = 新客户
import-warnings = 警告
import-reconciliation-title = 与上期快照核对
import-another = 导入其他文件…
import-rec-line = 项目
import-rec-documents = 单据数
import-rec-prior = 上期合计，{ $as_of }
import-rec-prior-none = 上期合计（无更早的快照）
import-rec-new = 新增单据
import-rec-paid-down = 部分回款
import-rec-written-off = 移出：已核销
import-rec-collected = 移出：已全额回款
import-rec-other = 其他变动（贷项、增加）
import-rec-total = 合计，{ $as_of }
import-rec-still-open = 已核销但仍未清的单据
import-rec-does-not-hold = 各项变动合计为 { $computed }，与合计 { $total } 不符
import-rec-written-off-open = 已核销但仍在本台账中未清：{ $documents }

## 问题所在的位置与内容
import-at-line = 第 { $line } 行
import-at-line-column = 第 { $line } 行第 { $column } 列（{ $name }）
import-finding = { $at }：{ $what }
import-problem-missing-column = 表头中没有必填列“{ $column }”
import-problem-duplicate-column = 表头中“{ $column }”出现了两次
import-problem-missing-value = “{ $field }”为必填项，但为空
import-problem-bad-flag = “{ $value }”不是 yes 或 no
import-problem-duplicate-document = 客户“{ $customer }”的单据“{ $document }”已在第 { $line } 行出现
import-problem-far-future = { $date } 远晚于截至日期 { $as_of }
import-problem-foreign-currency = 币种 { $found } 不是账簿的记账本位币 { $book }；本账簿没有汇率，不能导入其他币种的单据（以 { $found } 记账的台账请另建账簿：文件 ▸ 新建账簿…，币种 { $found }）
import-problem-field-count = 该行有 { $found } 个字段，表头有 { $expected } 个
import-problem-not-utf8 = 文本不是 UTF-8 编码（请将文件另存为 UTF-8）
import-problem-control-character = 该字段第 { $position } 个字符为控制字符 { $code }；文件已损坏，或不是以文本格式导出的
import-problem-too-large = 未清金额合计超过单个台账允许的上限 { $max }（自本行起）；请拆分台账或检查金额
import-problem-no-data-rows = 文件中没有数据行
import-warning-unknown-type = 未知的客户类型“{ $name }”；该客户保留其现有类型（新客户为“其他”）
import-warning-type-kept = 文件中的类型为“{ $file }”，但用户已设为“{ $book }”；保留用户设置的类型
import-warning-type-changed = 客户“{ $customer }”自本期快照起由“{ $from }”变更为“{ $to }”
import-warning-name-differs = 客户“{ $customer }”在第 { $line } 行的名称为“{ $other }”；保留首次出现的名称
import-warning-after-as-of = 单据日期 { $date } 晚于截至日期 { $as_of }
import-warning-due-before-document = 到期日 { $due } 早于单据日期 { $document }
import-warning-unused-column = 列“{ $column }”未使用
import-date-not-a-date = “{ $text }”不是日期（应为 YYYY-MM-DD）
import-date-out-of-range = “{ $text }”超出账簿接受的日期范围（{ $earliest } 至 { $latest }）
import-amount-not-a-number = “{ $text }”不是金额
import-amount-too-precise = “{ $text }”的小数位超过 { $digits } 位
import-amount-too-large = “{ $text }”超过账簿接受的最大金额（{ $max }）

## 未能导入的原因
import-error-io = 无法读取 { $file }：{ $error }
import-error-invalid = { $n ->
   *[other] { $file }：{ $n } 处错误，未导入任何内容：
}
import-error-stopped = （错误过多，已停止读取）
import-error-as-of-out-of-range = { $file }：{ $error }
import-error-no-as-of = { $file }：没有截至日期；请输入截至日期，或按 ar_2016-12-31.csv 的格式命名文件
import-error-snapshot-exists = 账簿中已有截至 { $as_of } 的快照（来自 { $source }）。
import-error-duplicate-content = { $file } 与截至 { $as_of } 的快照（来自 { $source }）内容相同。
import-error-cancelled = 已取消导入；账簿保持不变。
import-error-store = 无法写入账簿：{ $error }
import-problem-missing-field = 表头中没有必填字段“{ $field }”的列；文件的列：{ $columns }；请用 --map { $field }=COLUMN 指定
import-problem-missing-field-closest = 表头中没有必填字段“{ $field }”的列；文件的列：{ $columns }；最接近的是“{ $closest }”：可用 --map { $field }="{ $closest }" 指定
import-problem-mapped-column-missing = --map { $field }={ $column }: 表头中没有“{ $column }”列；文件的列：{ $columns }
import-problem-no-header = 前几行中找不到表头；第一行是 { $first }
import-problem-mixed-dates = 文件混用了日期顺序：第 { $dayline } 行的“{ $day }”是日在前，第 { $monthline } 行的“{ $month }”是月在前
import-problem-mixed-numbers = 文件混用了小数点：“{ $point }”和“{ $comma }”
import-problem-total-differs = 文件的合计为 { $file }，但单据合计为 { $documents }；未导入任何内容
import-date-unreadable = “{ $text }”不是日期
import-amount-unsupported-digits = “{ $text }”：不支持 { $digits } 位小数的币种
import-date-order-day-first = 日在前（DD/MM/YYYY）
import-date-order-month-first = 月在前（MM/DD/YYYY）
import-warning-date-order = { $values } 个日期两种顺序都能读；已按{ $order }读取（{ $source }）；如不对，请用 --date-format DMY 或 MDY 指定
import-date-source-given = 按 --date-format 指定
import-date-source-book = 账簿设置
import-warning-number-style = “{ $example }”等金额两种写法都能读；已把“{ $decimal }”当作小数点
import-warning-rounded = { $count } 个金额的小数位超过 { $digits } 位，已四舍五入（第 { $lines } 行）
import-warning-rows-skipped = 已跳过 { $count } 行非单据行（分组、小计、合计）（第 { $lines } 行）
import-warning-stand-in = 文件没有 { $field } 列；改用 { $from }
import-error-workbook-unreadable = { $file }：不是导入能读取的工作簿（XLSX、XLS、XLSB、ODS）：{ $error }
import-error-workbook-no-sheet = { $file }：没有名为“{ $sheet }”的工作表；现有工作表为 { $sheets }
import-error-workbook-no-sheets = { $file }：没有工作表

## How the file is read (encoding, delimiter, header, dates) and the mapping grid
import-detected = 自动识别
import-sheet = 工作表
import-first-sheet = 第一个
import-encoding = 编码
import-delimiter = 分隔符
import-date-order = 日期
import-profile = 导入方案
import-profile-none = （无）
import-profile-name = 另存为
import-profile-name-hint = 方案名称
import-profile-save = 保存方案
import-profile-delete = 删除方案
import-profile-saved = 已保存方案“{ $name }”
import-profile-deleted = 已删除方案“{ $name }”
import-unnamed-column = （无列名）
import-found-by = 识别方式
import-first-values = 前几个值
import-map-automatic = 自动（按识别结果）
import-by-dictionary = 按列名
import-by-map = 您的选择
import-by-stand-in = 取自 { $field }
import-read-sheet = 工作表“{ $sheet }”
import-read-encoding-detected = { $encoding }（自动识别）
import-read-encoding-given = { $encoding }（已指定）
import-read-delimiter = { $delimiter }
import-read-header = 表头在第 { $line } 行
import-read-header-lines = 表头在第 { $line }–{ $last } 行
import-delimiter-comma = 逗号分隔
import-delimiter-semicolon = 分号分隔
import-delimiter-tab = 制表符分隔
import-delimiter-pipe = 竖线分隔
import-read-dates-settled = 日期{ $order }（第 { $line } 行：{ $text }）
import-read-dates-given = 日期{ $order }（已指定）
import-read-dates-book = 日期{ $order }（所有日期两种读法皆可：采用账簿设置）
import-read-decimal-point = 小数点
import-read-decimal-comma = 小数逗号
import-skipped = { $n ->
   *[other] 跳过 { $n } 行（非单据行）
}
import-line = 第 { $line } 行
import-skip-above-header = 表头上方的标题行
import-skip-group = 分组行（只有名称，没有单据）
import-skip-subtotal = 小计
import-skip-grand-total = 文件的合计行
import-skip-unlabelled-total = 无标签的合计行
import-result-skipped = { $n ->
   *[other] 跳过了 { $n } 行非单据行。
}
import-result-file-total = 文件自带的合计（第 { $line } 行）与导入合计一致。
