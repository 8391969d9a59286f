# alerts：alerts 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

alerts-title = 预警
alerts-loading = 正在汇总预警…
alerts-none = 截至 { $as_of } 没有预警。
alerts-summary = 截至 { $as_of }：{ $n } 条预警，涉及 { $customers } 个客户
alerts-hint = 点击预警可打开对应客户。
alerts-group = { $kind }（{ $n }）
alerts-open-customer = 打开客户 { $customer }
alerts-trading-detail = 核销（{ $date }）后新开单据未收回
alerts-still-open-detail = 已核销但仍在账龄表中：{ $documents }
alerts-documents-more = { $documents } 等，另有 { $n } 张
alerts-no-note-detail = 最早一笔逾期 { $days } 天；最近催收 { $last }
alerts-no-note-never = 最早一笔逾期 { $days } 天；无催收记录
alerts-related-detail = 关联方余额，需披露
alerts-kind-trading-hover = 同一客户在已过账核销之后又有新单据：核销后是否仍在继续交易？
alerts-kind-still-open-hover = 已核销的单据在之后的账龄表中仍列为未清：不计入任何余额或坏账准备
alerts-kind-no-note-hover = 逾期超过预警天数且近期没有催收记录的余额（金额为该客户的余额）
alerts-kind-related-hover = 与关联方的往来余额，需作为关联方交易披露
