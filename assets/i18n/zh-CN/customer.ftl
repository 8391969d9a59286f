# customer：customer 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。
customer-propose-write-off = 提议核销…

## 空状态
customer-opening-book = 正在打开账簿…
customer-no-snapshots = 本账簿尚无快照
customer-import-ledger = 导入明细账…
customer-none-selected = 未选择客户
customer-none-selected-hint = 可在长账龄审阅中双击某一行打开客户，或按客户编号、名称查找。
customer-open-review = 打开长账龄审阅

## 查找
customer-find = 查找客户
customer-find-hint = 编号或名称
customer-find-matches = 匹配的客户
customer-find-no-match = 该日期下没有匹配的客户

## 抬头
customer-as-of = 截至 { $as_of }
customer-absent-at = 截至 { $as_of } 无未清项目：该客户不在本期明细账中。
customer-absent = 无未清项目：该客户不在本期明细账中。
customer-show-previous = 查看上一期明细账（{ $as_of }）
customer-show-next = 查看下一期明细账（{ $as_of }）
customer-in-no-ledger = 该客户在本账簿的任何明细账中都没有项目。
customer-balance = 余额
customer-items = { $n } 笔未清项目
customer-allowance = 坏账准备
customer-coverage = 计提比例
customer-over-one-year = 一年以上
customer-oldest-item = 最长账龄
customer-days-past-due = 逾期天数
customer-days-since-document = 自单据日期起的天数
customer-in-dispute = 争议金额
customer-last-note = 最近催收
customer-last-collected = 最近回款 { $date }
customer-alerts = 预警：
customer-method-specific = 单项计提：{ $basis }
customer-method-specific-plain = 单项计提
customer-method-matrix = 按计提矩阵，{ $customer_type }
customer-method-capped = { $method }，以余额为上限
customer-basis-percent = 余额的 { $rate }
customer-basis-amount = 固定金额 { $amount }
customer-alert-trading = { $date } 核销后仍有交易：未清 { $amount }
customer-alert-still-open = 已核销单据仍在明细账中：{ $amount }（{ $documents }）
customer-alert-no-note = 逾期 { $days } 天且近期无催收记录（最近一次：{ $last }）
customer-alert-related = 关联方：需披露余额 { $balance }

## 单据
customer-documents = 单据（{ $currency }）
customer-documents-count = 截至 { $as_of } · { $n } 笔未清项目
customer-documents-count-written-off = 截至 { $as_of } · 明细账列示 { $n } 张单据，其中 { $written_off } 张已核销
customer-documents-failed = 无法读取单据：{ $error }
customer-documents-none = 截至 { $as_of } 无未清项目。
customer-col-document = 单据号
customer-col-document-date = 单据日期
customer-col-due-date = 到期日
customer-col-days = 天数
customer-col-bucket = 账龄段
customer-col-amount = 原始金额
customer-col-open = 未清金额
customer-col-written-off = 已核销
customer-col-disputed = 争议
customer-still-listed = 已由过账的核销核销，但仍列示在本期明细账中
customer-disputed-yes = 是

## 单据下方的窗格
customer-pane-balance = 余额历史
customer-pane-activity = 分期发生额
customer-pane-billings = 分年开票
customer-profile-failed = 汇总各期数据失败：{ $error }
customer-chart-caption = 单位：{ $scale ->
    [millions] { "百万 " }
    [thousands] { "千 " }
   *[units] {""}
}{ $currency }，按账龄段列示；点击柱形可查看该日期
customer-chart-allowance = 坏账准备
customer-chart-as-of = 截至日
customer-activity-none = 该客户在本账簿的任何明细账中都没有单据。
customer-activity-caption = 单位：{ $currency }；每期明细账一行（点击可查看该日期）；第一期明细账为期初余额
customer-activity-as-of = 截至
customer-activity-billings = 开票
customer-activity-collections = 回款
customer-activity-write-offs = 核销
customer-activity-adjustments = 调整
customer-activity-recoveries = 收回已核销
customer-activity-closing = 期末余额
customer-activity-opening = 期初
customer-activity-all = 各期合计：
customer-activity-total = { $what } { $amount }
customer-activity-billed = 开票
customer-activity-collected = 回款
customer-activity-written-off = 核销
customer-activity-adjusted = 调整
customer-activity-recovered = 收回已核销
customer-billings-caption = 单位：{ $currency }，按单据日期所属年度；第一期明细账（{ $first }）中已有的未清单据属于期初，不计入开票
customer-billings-none = 自第一期明细账以来没有开票。
customer-billings-year = 年度
customer-billings-billed = 开票金额
customer-billings-after-write-off = { $date } 核销后的开票（单据日期在其后）：{ $amount }

## 右侧：单项计提、催收记录、核销、客户类型
customer-specific = 单项计提
customer-specific-in-force = 截至 { $as_of } 适用：{ $basis }
customer-specific-from = 自 { $from } 起，由 { $who } 设定
customer-specific-from-until = 自 { $from } 至 { $to }，由 { $who } 设定
customer-specific-matrix-would-give = 仅按计提矩阵应为 { $amount }
customer-specific-none = 截至 { $as_of } 无单项计提：适用计提矩阵。
customer-specific-other-periods = 其他期间
customer-specific-open-ended = 无截止日
customer-specific-period = { $from } 至 { $to }：{ $basis } · { $who } · { $reason }
customer-specific-set-heading = 设定单项计提：
customer-specific-percent = 按比例
customer-specific-amount = 固定金额
customer-specific-amount-label = 金额（{ $currency }）
customer-specific-amount-hint = 例如 250,000.00
customer-specific-percent-label = 比例（%）
customer-specific-percent-hint = 0 至 100
customer-specific-reason = 理由
customer-specific-reason-hint = 用一句话说明原因
customer-specific-reason-required = 请填写理由
customer-specific-effective-from = 生效日期
customer-specific-set = 设定单项计提
customer-specific-none-on = { $date } 没有适用的单项计提
customer-specific-clear-from = 取消日期
customer-specific-clear = 取消单项计提
customer-specific-clear-hint = 自该日起重新适用计提矩阵
customer-percent-empty = 请输入 0 至 100 之间的比例
customer-percent-range = 比例须在 0 至 100 之间，不能为 { $text }
customer-not-a-number = “{ $text }”不是数字
customer-amount-empty = 请输入金额
customer-not-an-amount = “{ $text }”不是有效金额（数字，最多两位小数）
customer-amount-negative = 坏账准备不能为负数
customer-date-hint = YYYY-MM-DD
customer-date-invalid = “{ $text }”不是日期（格式为 YYYY-MM-DD）
customer-date-out-of-range = “{ $text }”超出账簿可接受的日期范围
customer-form-saving = 正在保存…
customer-form-refused = 未保存：账簿拒绝了此项变更（原因见状态栏）。已输入的内容保留。
customer-form-unsure = 可能未保存：一并提交的变更中有一项被拒绝（状态栏说明是哪一项）。已输入的内容保留，再次提交前请先核对。
customer-form-closed = 账簿已结账至 { $closed }：自 { $date } 起生效的变更会落入已结账期间。请选择更晚的日期，或先反结账。
customer-notes = 催收记录（{ $n }）
customer-notes-none = 尚无催收记录。
customer-note-date = 催收日期
customer-note-today = 今天
customer-note-today-hint = 以今天为催收日期
customer-note-action = 催收方式
customer-note-action-call = 电话
customer-note-action-letter = 函件
customer-note-action-email = 电子邮件
customer-note-action-visit = 上门拜访
customer-note-action-legal = 法律途径
customer-note-action-other = 其他
customer-note-outcome-label = 结果
customer-note-outcome-hint = 例如：承诺 6 月 30 日前付款
customer-note-text = 记录内容
customer-note-text-hint = 做了什么、对方怎么说
customer-note-text-required = 请填写记录内容
customer-note-add = 添加催收记录
customer-note-by = 记录人 { $author }
customer-note-outcome = 结果：{ $outcome }
customer-write-offs = 核销（{ $n }）
customer-write-offs-none = 无核销。
customer-prepared-by = 编制人 { $who }
customer-approved-by = 审批人 { $who }
customer-rejected-by = 驳回人 { $who }：{ $why }
customer-posted-by = 过账人 { $who }
customer-list-separator = ；
customer-type = 客户类型
customer-type-in-force = 截至 { $as_of } 适用：{ $customer_type }
customer-type-change-by-user = 自 { $from } 起：{ $customer_type }（用户设定）
customer-type-change-from-ledger = 自 { $from } 起：{ $customer_type }（来自明细账）
customer-type-new = 新类型
customer-type-choose-placeholder = 请选择…
customer-type-choose = 请选择类型或填写新类型名称
customer-type-new-name = 或新类型名称
customer-type-new-name-hint = 例如 distributor
customer-type-name-invalid = “{ $name }”不是有效的客户类型名称（只能用字母、数字和下划线）
customer-type-from = 类型生效日期
customer-type-apply = 应用类型
