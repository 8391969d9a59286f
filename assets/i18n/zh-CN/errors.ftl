# 账簿拒绝某项操作的原因：库的拒绝信息，按窗口的语言显示。

error-failed-because = { $what }：{ $error }
error-io = 无法读取 { $file }：{ $error }
error-no-snapshot = 没有截至 { $as_of } 的快照
error-no-policy = { $date } 没有生效的计提矩阵
error-not-empty = 此账簿已有 { $n } 个快照；演示数据需要一个新账簿
error-empty-note = 催收记录需要填写内容
error-unknown-write-off = 此账簿中没有核销单 { $id }

# 存储。
error-database = 数据库错误：{ $error }
error-busy = 账簿正忙：另一个 Agebook（窗口或命令行）正在写入；请待其完成后重试
error-newer-schema = 此账簿的结构版本为 { $found }，比本 Agebook 支持的版本（{ $known }）更新；请用更新版本的 Agebook 打开
error-not-a-book = { $path } 不是 Agebook 账簿：{ $reason }
error-corrupt = 账簿中有无法读取的{ $what }：“{ $value }”
error-value-date = 日期
error-value-rate = 计提比例
error-value-terms = 默认账期
error-value-customer-type = 客户类型
error-value-buckets = 账龄段设置
error-value-basis = 账龄基准
error-value-specific = 单项计提
error-value-note-action = 催收措施
error-value-snapshot = 快照
error-unknown-customer = 此账簿中没有客户“{ $customer }”
error-no-specific = 客户“{ $customer }”在 { $date } 没有生效的单项计提
error-write-off-moved = 核销单 { $id } 在此期间已由 { $by } 改为“{ $found }”（{ $at }），不再是“{ $seen }”

# 结账期间。
error-period-closed = 账簿已结账至 { $through }，{ $date } 的{ $what }属于已结账期间；如需修改，请填写理由反结账该期间
error-change-specific = 单项计提
error-change-clear-specific = 取消单项计提
error-change-type = 客户类型变更
error-change-policy = 政策版本
error-change-import = 快照导入
error-change-import-replace = 替换快照的导入
error-change-recovery = 收回已核销款项
error-change-adjustment = 其他调整

# 核销步骤。
error-write-off-state = 核销单 { $id } 的状态为“{ $state }”，不能{ $step }
error-step-submitted = 提交
error-step-approved = 审批
error-step-rejected = 驳回
error-step-posted = 过账
error-write-off-own = { $user } 是核销单 { $id } 的编制人，不能同时审批或驳回
error-write-off-not-approver = { $user } 不是审批人；信用经理可为其设置审批限额
error-write-off-already-approved = { $user } 已审批核销单 { $id }；第二审批人必须是其他人
error-write-off-over-limit = 核销单 { $id } 金额 { $amount } { $currency }，超过 { $user } 的审批限额 { $limit }；需要审批限额不低于 { $amount } 的审批人
error-write-off-closed = { $date } 所在期间已结账（已结账至 { $through }）；请先反结账再过账
error-no-documents = 核销至少需要一张金额为正的单据

# 收回已核销款项。
error-recovery-not-positive = 收回金额必须大于零
error-recovery-nothing-written-off = 客户“{ $customer }”在 { $date } 或之前没有已过账的核销；收回已核销款项是收到以前已核销余额的款项
error-recovery-too-much = 客户“{ $customer }”截至 { $date } 已核销 { $written }、已收回 { $back }；本次收回 { $asked } 超过尚可收回的 { $rest }

# 规则拒绝的记账。
error-no-narrative = 核销需要填写情况说明
error-document-not-open = 单据“{ $document }”（客户“{ $customer }”）在截至 { $as_of } 的快照中不是未结状态
error-document-pending = 单据“{ $document }”已在核销单 { $id } 中
error-amount-out-of-range = 单据“{ $document }”：核销金额必须大于零且不超过其未结金额 { $open }
error-amount-out-of-range-taken = 单据“{ $document }”：核销金额必须大于零且不超过其未结金额 { $open }（其中 { $taken } 已核销）
error-no-ledger = { $date } 或之前没有包含这些单据的快照
error-no-ledger-memo = { $date } 或之前没有快照
error-no-documents-anywhere = 客户“{ $customer }”在任何快照中都没有单据
error-no-open-items = 客户“{ $customer }”在截至 { $as_of } 的快照中没有未结单据
error-negative-limit = 审批限额不能为负数
error-reopen-needs-reason = 反结账需要填写理由
error-zero-adjustment = 金额为零的调整不会改变任何数字
error-adjustment-needs-reason = 其他调整需要填写理由
error-from-after-to = 起始日 { $from } 晚于截止日 { $to }
error-specific-percent = 单项计提比例必须在 0% 到 100% 之间，而不是 { $percent }
error-specific-negative = 单项计提金额不能为负数（{ $amount }）
error-specific-no-reason = 单项计提需要填写理由

# 政策文件。
error-policy-csv = { $file }:{ $line }：无法读取 CSV：{ $error }
error-policy-first-column = { $file }:1:1：第一列必须是“customer_type”，而不是“{ $found }”
error-policy-buckets = { $file }:1：{ $error }
error-policy-bad-rate = { $file }:{ $line }:{ $column }（{ $bucket }）：“{ $text }”不是计提比例（请写 0.035 或 3.5%）
error-policy-rate-out-of-range = { $file }:{ $line }:{ $column }（{ $bucket }）：计提比例 { $rate } 超出 0 到 100% 的范围
error-policy-cells = { $file }:{ $line }：该行有 { $found } 个单元格，表头有 { $expected } 个
error-policy-bad-type = { $file }:{ $line }:1：{ $error }
error-policy-duplicate-type = { $file }:{ $line }:1：客户类型“{ $customer_type }”重复列出
error-policy-empty = { $file }：政策中没有计提比例
error-book-exists = { $path } 已存在；新账簿需要一个新文件
error-currency-unknown = “{ $code }”不是 ISO 4217 货币代码（例如 CNY、USD、EUR、GBP）
error-currency-not-a-currency = “{ $code }”是 ISO 4217 的基金、贵金属或测试代码，不能作为账簿的记账货币
error-currency-minor-unit = { $code } 有 { $digits } 位小数；账簿目前只按 2 位小数记账（暂不支持 JPY、KRW、KWD、BHD 等币种）
error-profile-unknown-field = “{ $field }”不是字段；字段有 { $fields }
error-profile-bad-mapping = “{ $text }”不是“字段=列”的形式（例如 open_amount="Balance Due"）
error-profile-unknown-encoding = 导入不认识编码“{ $label }”（可用 utf-8、gbk、gb18030、utf-16le、windows-1252）
error-profile-bad-delimiter = “{ $text }”不是分隔符（可用 , ; | 或 tab）
error-profile-bad-date-format = “{ $text }”不是日期格式（日在前用 DMY，如 31/12/2016；月在前用 MDY，如 12/31/2016）
error-profile-bad-name = “{ $name }”不是有效的方案名称（1 至 60 个字符，不能为空）
error-profile-unknown = 本账簿中没有名为“{ $name }”的导入方案
