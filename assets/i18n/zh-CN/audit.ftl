# audit：audit 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

audit-title = 审计日志
audit-subtitle = 账簿的每一次变更，最新的在前。只读。

## 哈希链校验
audit-check-chain = 校验哈希链
audit-check-chain-hover = 与 agebook verify 相同的校验：文件完整性、审计日志哈希链，以及每笔已过账核销与其审计记录是否一致
audit-checking = 正在校验账簿…
audit-check-failed = 无法执行校验：{ $error }
audit-check-stale = 本次校验之后账簿已有变更；再次打开本页面时将重新校验。
audit-verified = 校验通过：共 { $rows } 行，链头为第 { $id } 行
audit-verified-no-head = 校验通过：共 { $rows } 行（该账簿的日志尚无哈希链）
audit-head-hover = 最后一行的哈希值：请记录下来，日后比对
audit-verified-detail = 文件完整性正常；{ $n } 笔已过账核销与其审计记录一致。
audit-file-damaged = 校验未通过：文件未通过 SQLite 完整性检查（{ $message }），未校验哈希链
audit-chain-fails = 校验未通过：哈希链在第 { $row } 行断开：{ $problem }
audit-write-off-disagrees = 校验未通过：已过账核销 { $id } 与其审计记录不一致：{ $problem }
audit-derived-disagrees = 校验未通过：{ $as_of } 快照所存的汇总数字与其未清项目不一致
audit-more-failing = 另有 { $n } 行未通过
audit-show-row = 查看第 { $row } 行
audit-problem-content-changed = 该行写入后内容被修改
audit-problem-missing = 日志中缺少该行
audit-problem-prev-hash = 该行与上一行衔接不上
audit-problem-unchained = 该行没有哈希值
audit-wo-no-post-row = 没有记录其过账的审计行
audit-wo-posted-twice = 有两条审计行记录其过账
audit-wo-post-row-disagrees = 过账审计行记录的状态或过账人不同
audit-wo-no-record = 没有记录其单据的审计行
audit-wo-documents-differ = 客户、日期、单据或金额与审计记录不符
audit-wo-approval-not-audited = 有一项审批没有审计记录
audit-wo-not-posted = 过账审计行所指的核销并未过账

## 筛选
audit-from = 起始日
audit-from-hover = 当日（UTC）及之后写入的行
audit-to = 截止日
audit-to-hover = 当日（UTC）及之前写入的行
audit-date-hint = YYYY-MM-DD
audit-bad-from = 起始日不是有效日期，未应用该筛选
audit-bad-to = 截止日不是有效日期，未应用该筛选
audit-user = 用户
audit-all-users = 全部用户
audit-action = 操作
audit-all-actions = 全部操作
audit-customer = 客户
audit-customer-hint = 如 C0001
audit-customer-hover = 与该客户相关的行：客户本身的变更、提及该客户的行，以及其核销的各个步骤
audit-clear-filters = 清除筛选

## 日志行
audit-rows-all = 共 { $n } 行
audit-rows-filtered = { $n } 行符合筛选条件
audit-reading = 正在读取审计日志…
audit-read-failed = 无法读取审计日志：{ $error }
audit-no-rows = 没有符合筛选条件的审计行。
audit-col-id = 序号
audit-col-at = 时间（UTC）
audit-col-user = 用户
audit-col-action = 操作
audit-col-entity = 对象
audit-col-customer = 客户
audit-col-change = 变更内容
audit-open-customer = 打开客户 { $customer }

## 所选行
audit-row-title = 第 { $id } 行：{ $action }，{ $user }，{ $at } UTC
audit-row-hashes = 哈希 { $hash } · 上一行 { $prev }
audit-before = 变更前
audit-after = 变更后
audit-nothing = （无）
audit-close-row = 关闭

## 导出
audit-export = 导出 CSV…
audit-export-hover = 导出符合筛选条件的行，格式与 agebook audit --format csv 相同
audit-export-title = 导出审计日志
audit-csv-filter = CSV 文件
audit-waiting-dialog = 正在等待文件对话框…
audit-writing = 正在写入…
audit-exported = 已将 { $n } 行写入 { $path }
audit-export-failed = 导出失败：{ $error }

## 操作及其对象
audit-action-import = 导入
audit-action-snapshot-replace = 替换快照
audit-action-policy-import = 政策版本
audit-action-set-type = 变更客户类型
audit-action-set-currency = 设置记账本位币
audit-action-specific-set = 设置单项计提
audit-action-specific-clear = 取消单项计提
audit-action-note-add = 催收记录
audit-action-approver-set = 设置审批限额
audit-action-period-close = 结账
audit-action-period-reopen = 反结账
audit-action-writeoff-propose = 提议核销
audit-action-writeoff-submit = 提交核销
audit-action-writeoff-approve = 审批核销
audit-action-writeoff-reject = 驳回核销
audit-action-writeoff-post = 核销过账
audit-action-recovery = 收回已核销款项
audit-action-adjustment = 其他调整
audit-action-restore = 恢复备份
audit-entity-snapshot = 快照
audit-entity-customer = 客户
audit-entity-write-off = 核销
audit-entity-policy = 政策
audit-entity-period = 期间
audit-entity-approver = 审批人
audit-entity-book = 账簿
