# rollforward：rollforward 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

rollforward-title = 坏账准备变动
rollforward-opening = 正在打开账簿…
rollforward-no-snapshots = 本账簿尚无快照
rollforward-import = 导入明细账…
rollforward-computing = 正在计算 { $from } 至 { $to } 的坏账准备变动…
rollforward-failed = 无法计算 { $from } 至 { $to } 的坏账准备变动：{ $error }
rollforward-try-again = 重试
rollforward-caption = { $from } 至 { $to }，币种 { $currency }；坏账准备减少以负数列示。
rollforward-amounts-in = 金额单位：{ $currency }。
rollforward-busy = 请等待正在进行的变更完成。
rollforward-cancel = 取消

## 期间
rollforward-range-month = 本月
rollforward-range-quarter = 本季度累计
rollforward-range-ytd = 本年累计
rollforward-range-year = 近十二个月
rollforward-range-custom = 自定义
rollforward-range-month-hover = 自截至日前一个快照至截至日
rollforward-range-quarter-hover = 自上季度末至截至日
rollforward-range-ytd-hover = 自上年末至截至日
rollforward-range-year-hover = 自截至日前十二个月至截至日
rollforward-range-custom-hover = 任选两个快照，在右侧选择
rollforward-from = 自
rollforward-to = 至
rollforward-clipped = 账簿始于 { $first }，期初取该日。

## 项目
rollforward-line = 项目
rollforward-line-hover = 查看构成该项目的客户
rollforward-line-opening = 期初余额
rollforward-line-provisions = 本期计提
rollforward-line-write-backs = 本期转回
rollforward-line-write-offs = 本期核销
rollforward-line-recoveries = 收回已核销款项
rollforward-line-other = 其他调整
rollforward-line-closing = 期末余额
rollforward-total = 合计

## 构成项目的客户
rollforward-drivers-title = { $line }：{ $n } 个客户，按金额从大到小
rollforward-drivers-pick = （在上表中选择项目）
rollforward-drivers-none = 本期间没有客户影响该项目。
rollforward-drivers-sum = 项目合计
rollforward-col-customer = 客户
rollforward-col-name = 名称
rollforward-col-type = 客户类型
rollforward-col-amount = 金额
rollforward-col-share = 占比
rollforward-open-customer = 打开 { $customer }

## 瀑布图
rollforward-chart-title = 从期初余额到期末余额
rollforward-chart-balance = 余额
rollforward-chart-increase = 增加
rollforward-chart-decrease = 减少
rollforward-chart-millions = 百万 { $currency }
rollforward-chart-thousands = 千 { $currency }
rollforward-chart-units = { $currency }

## 结账
rollforward-closed-through = 已结账至 { $through }
rollforward-none-closed = 尚未结账
rollforward-close-meaning = 结账日及以前的数据将被冻结，直至说明原因反结账。
rollforward-close-button = 结账至 { $through }…
rollforward-close-hover = 冻结 { $through } 及以前的全部数据
rollforward-close-disabled = { $through } 已结账（已结账至 { $closed }）。
rollforward-close-title = 结账至 { $through }
rollforward-close-explain = 结账后，{ $through } 及以前的全部数据将被冻结：不得在该期间过账核销、收回已核销款项或其他调整，不得导入或替换该期间的明细账，单项计提、政策版本和客户类型变更也不得在该期间生效。结账将以您的名义记入审计日志。
rollforward-close-range = 本次结账的坏账准备变动：{ $from } 至 { $through }
rollforward-close-reopen-note = 已结账期间日后可在本界面反结账，反结账原因将记入审计日志。
rollforward-close-confirm = 结账至 { $through }
rollforward-closing = 正在结账…
rollforward-reopen-button = 反结账…
rollforward-reopen-hover = 说明原因后，反结账某一已结账月份及其后各月
rollforward-reopen-disabled = 尚无已结账期间。
rollforward-reopen-title = 反结账
rollforward-reopen-from = 自该日所在月份起反结账
rollforward-reopen-reason = 原因
rollforward-reopen-reason-hint = 需要修改该期间的原因（记入审计日志）
rollforward-reopen-after = 反结账后，账簿已结账至 { $through }。
rollforward-reopen-after-none = 反结账后，账簿不再有已结账期间。
rollforward-reopen-needs-reason = 反结账须说明原因。
rollforward-reopen-confirm = 反结账

## 导出
rollforward-export = 导出
rollforward-export-type-csv = 按客户类型的坏账准备变动，CSV…
rollforward-export-type-xlsx = 按客户类型的坏账准备变动，Excel…
rollforward-export-customer-csv = 按客户的坏账准备变动，CSV…
rollforward-export-customer-xlsx = 按客户的坏账准备变动，Excel…
rollforward-export-schedule-csv = Schedule II 格式，CSV…
rollforward-export-schedule-xlsx = Schedule II 格式，Excel…
rollforward-export-title = 导出坏账准备变动
rollforward-exporting = 正在导出…
rollforward-exported = 已将 { $n } 行写入 { $path }
rollforward-export-failed = 导出失败：{ $error }

## 瀑布图横轴（简称）
rollforward-axis-opening = 期初
rollforward-axis-provisions = 计提
rollforward-axis-write-backs = 转回
rollforward-axis-write-offs = 核销
rollforward-axis-recoveries = 收回
rollforward-axis-other = 其他
rollforward-axis-closing = 期末
