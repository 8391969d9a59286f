# writeoffs：核销界面与核销提议表单。消息 id 与英文文件一一对应，见 src/i18n.rs。

wo-opening = 正在打开账簿…
wo-title = 核销
wo-filter = 显示
wo-filter-all = 全部
wo-list-failed = 无法读取核销记录：{ $error }
wo-list-none = 本账簿尚无核销记录。
wo-list-none-in = 没有{ $state }的核销。
wo-list-how = 核销在客户界面提议：“提议核销…”
wo-none-selected = 在列表中选择一笔核销，查看其单据、审批和核销审批单。
wo-id = #{ $id }

## 列表与表格的列
wo-col-id = 编号
wo-col-customer = 客户
wo-col-date = 日期
wo-col-state = 状态
wo-col-amount = 金额（{ $currency }）
wo-col-preparer = 编制人
wo-col-document = 单据
wo-col-doc-date = 单据日期
wo-col-due-date = 到期日
wo-col-days = 逾期天数
wo-col-open = 未结金额
wo-col-to-write-off = 核销金额
wo-col-written-off = 已核销
wo-col-left-open = 剩余未结

## 选中的核销
wo-detail-title = 核销 #{ $id }
wo-detail-date = 核销日期
wo-detail-reason = 核销原因
wo-detail-prepared = 编制人
wo-detail-narrative = 情况说明
wo-documents = { $n ->
   *[other] { $n } 张单据
}
wo-figure-amount = 核销金额（{ $currency }）
wo-figure-held = 这些单据已计提的坏账准备
wo-figure-net = 对损益的净影响
wo-figure-held-explain = 该客户截至 { $ledger } 的坏账准备 { $allowance }，按这些单据占其余额的比例分摊。
wo-approvals = 审批
wo-prepared-line = 编制人 { $user }，{ $at }
wo-no-approvals = 尚无审批。
wo-approved-line = 审批人 { $user }（审批限额 { $limit }），{ $at }
wo-rejected-line = 驳回人 { $user }：{ $reason }
wo-posted-line = 过账人 { $user }，{ $at }
wo-needs-second-approver = 超过 { $limit }，需要第二位审批人
wo-posted-final = 已过账：单据已终止确认，该核销不可再更改。
wo-rejected-final = 已驳回：流程到此为止；如有需要请重新提议。
wo-memo-preview = 核销审批单（打印样式）
wo-memo-failed = 无法生成核销审批单：{ $error }

## 流程步骤
wo-acting-as = 当前用户 { $user }：
wo-submit = 提交
wo-approve = 审批
wo-reject = 驳回…
wo-post = 过账
wo-busy = 正在更改账簿
wo-cancel = 取消
wo-reject-reason = 驳回原因
wo-reject-hint = 写给编制人并记入审计日志的原因
wo-reject-send = 驳回核销
wo-reject-needs-reason = 驳回需要填写原因。

## 步骤被拒绝的原因（与命令行规则相同）
wo-why-submit-state = 只有草稿可以提交；该核销为{ $state }。
wo-why-approve-state = 只有已提交的核销可以审批；该核销为{ $state }。
wo-why-reject-state = 只有已提交的核销可以驳回；该核销为{ $state }。
wo-why-post-state = 只有已审批的核销可以过账；该核销为{ $state }。
wo-why-own-approve = 您是编制人：须由其他用户审批。
wo-why-own-reject = 您是编制人：须由其他用户驳回。
wo-why-not-approver = { $user } 不是审批人（审批人及其审批限额用 agebook approver set 设置）。
wo-why-already-approved = 您已审批过：第二位审批人必须是其他人。
wo-why-over-limit = { $amount } 超过您的审批限额 { $limit }：需要审批限额不低于 { $amount } 的审批人。
wo-why-closed = { $date } 所在期间已结账（已结账至 { $through }）：须反结账后才能过账。
wo-why-no-documents = 没有金额大于零的单据。

## 导出
wo-export-pdf = 导出核销审批单（PDF）…
wo-export-md = 导出核销审批单（Markdown）…
wo-export-pdf-title = 将核销审批单导出为 PDF
wo-export-md-title = 将核销审批单导出为 Markdown
wo-filter-pdf = PDF
wo-filter-md = Markdown
wo-exporting = 正在写入核销审批单…
wo-exported = 核销审批单已写入 { $path }
wo-export-failed = 核销审批单未写入：{ $error }
wo-export-extension = { $path }：核销审批单只能写为 .pdf 或 .md

## 核销提议表单
wo-propose-title = 提议核销：{ $customer }
wo-propose-ledger = 截至 { $ledger } 快照中的单据（金额单位 { $currency }）；逾期超过 365 天的已勾选。
wo-propose-loading = 正在读取截至 { $ledger } 快照中的单据…
wo-propose-no-ledger = { $date } 及之前没有包含这些单据的快照。
wo-propose-read-failed = 无法读取单据：{ $error }
wo-propose-amount-of = { $document } 的核销金额
wo-propose-in-write-off = 已在核销 #{ $id } 中
wo-propose-written-off-already = 已核销
wo-propose-taken = 快照中的 { $ledger } 已有 { $taken } 被核销
wo-propose-partial = 部分核销：剩余 { $left } 未结
wo-propose-credits = { $n ->
   *[other] 未列出 { $n } 笔贷项：贷项不核销。
}
wo-propose-reason = 核销原因类别
wo-propose-choose-reason = 请选择原因
wo-propose-date = 核销日期
wo-propose-narrative = 情况说明
wo-propose-narrative-hint = 发生了什么，为何该余额无法收回
wo-propose-held-explain = 该客户截至 { $ledger } 的坏账准备 { $allowance }，按其正数余额 { $positive } 分摊，与核销审批单口径一致。
wo-propose-closed = { $date } 属于已结账期间：账簿已结账至 { $through }。
wo-propose-needs-date = 请按 YYYY-MM-DD 输入核销日期。
wo-propose-needs-ledger = 核销日期及之前没有包含这些单据的快照。
wo-propose-needs-documents-loaded = 仍在读取单据。
wo-propose-needs-valid-amounts = { $n ->
   *[other] 已勾选的 { $n } 张单据金额无法核销。
}
wo-propose-needs-documents = 请至少勾选一张单据。
wo-propose-needs-reason = 请选择核销原因类别。
wo-propose-needs-narrative = 必须填写情况说明。
wo-propose-send = 提议
wo-propose-sending = 正在提议…
wo-propose-refused = 账簿拒绝了该提议：{ $error }
wo-propose-not-made = 提议未完成；原因见状态栏。

## 单据核销金额的输入
wo-amount-empty = 请输入金额
wo-amount-not-an-amount = 不是有效金额
wo-amount-not-positive = 必须大于零
wo-amount-above-open = 不得超过未结金额 { $open }

## 状态栏
wo-op-proposing = 正在提议核销 { $customer }
wo-op-proposed = 已提议 { $customer } 的核销草稿 #{ $id }
wo-op-propose-failed = { $customer } 的核销未能提议
wo-op-submitted = 核销 #{ $id } 已提交审批
wo-op-approved = 核销 #{ $id }：审批已记录
wo-op-rejected = 核销 #{ $id } 已驳回
wo-op-posted = 核销 #{ $id } 已过账
wo-op-submit-failed = 核销 #{ $id } 未能提交
wo-op-approve-failed = 核销 #{ $id } 未能审批
wo-op-reject-failed = 核销 #{ $id } 未能驳回
wo-op-post-failed = 核销 #{ $id } 未能过账
