# policy：policy 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

policy-title = 计提矩阵
policy-opening = 正在打开账簿…
policy-reading = 正在读取政策版本…
policy-read-failed = 无法读取计提政策：{ $error }
policy-in-force-at = 截至 { $as_of } 适用的版本：自 { $effective } 起生效，账龄基准为{ $basis }
policy-newest = 最新版本：自 { $effective } 起生效，账龄基准为{ $basis }
policy-none-in-force = 该日期没有适用的计提矩阵。
policy-viewing-earlier = 自 { $effective } 起生效的版本，账龄基准为{ $basis }，由 { $by } 于 { $at } 保存（只读）
policy-back-to-in-force = 返回当前适用的版本
policy-edit = 编辑…
policy-edit-hover = 以此版本（{ $effective } 生效）为基础新建一个版本；保存之前不会有任何改动
policy-type = 客户类型
policy-all-others = 其他所有类型（*）
policy-basis = 账龄基准：
policy-basis-due-date = 到期日
policy-basis-document-date = 单据日期
policy-source-default = 系统默认
policy-source-editor = 计提政策界面

## Versions
policy-versions-title = 共 { $n } 个政策版本
policy-versions-effective = 生效日期
policy-versions-basis = 账龄基准
policy-versions-buckets = 账龄段数
policy-versions-by = 保存人
policy-versions-at = 保存时间
policy-versions-source = 来源
policy-versions-in-force = 当前适用
policy-versions-view = 查看
policy-versions-view-hover = 查看自 { $effective } 起生效的版本（只读）

## The draft
policy-draft-title = 新建计提矩阵版本
policy-draft-from = 基于 { $effective } 生效的版本
policy-effective-from = 生效日期
policy-effective-invalid = “{ $text }”不是有效日期，请按 YYYY-MM-DD 填写
policy-effective-closed = 账簿已结账至 { $through }：自 { $effective } 起生效的版本会改动已结账期间。请选择 { $through } 之后的日期。
policy-ends-at-day = 截止逾期天数
policy-open-ended = 不设上限
policy-end-hover = 账龄段 { $bucket } 的最后一个逾期天数
policy-end-not-a-day = “{ $text }”不是整数天数
policy-end-before-start = 不得早于第 { $start } 天（该账龄段从此开始）
policy-end-too-far = 不得晚于第 { $max } 天
policy-buckets-too-few = 计提政策至少需要两个账龄段。
policy-buckets-invalid = 账龄段设置无效：{ $error }
policy-split = 拆分
policy-split-hover = 将账龄段 { $bucket } 一分为二，两段沿用原计提比例
policy-remove = 删除
policy-remove-hover = 删除账龄段 { $bucket } 及其计提比例，其天数并入下一账龄段
policy-remove-last-two = 计提政策至少需要两个账龄段
policy-cell-hover = { $row }，{ $bucket }
policy-rate-empty = 请输入 0 到 100 之间的百分比
policy-rate-not-a-number = “{ $text }”不是数字
policy-rate-out-of-range = { $text } 不在 0% 到 100% 之间
policy-problem-end = 账龄段 { $bucket }：{ $error }
policy-problem-cell = { $row }，{ $bucket }：{ $error }

## Preview
policy-preview-title = 草稿对最新快照（{ $as_of }）坏账准备的影响
policy-preview-after-latest = 草稿自 { $effective } 起生效，晚于 { $as_of }：以下数字假定该快照已适用草稿。
policy-preview-no-snapshot = 账簿中没有可用于预览草稿的快照。
policy-preview-needs-valid-draft = 请先更正草稿，再查看其对坏账准备的影响。
policy-preview-working = 正在按草稿评估最新快照…
policy-preview-failed = 无法按草稿评估：{ $error }
policy-preview-customers = 客户数
policy-preview-current = 现行坏账准备
policy-preview-new = 新坏账准备
policy-preview-difference = 差额
policy-preview-total = 合计

## Saving
policy-save = 保存新版本
policy-save-hover = 将草稿保存为计提矩阵的新版本（记入审计日志）
policy-save-fix-first = 请先更正上面的 { $n } 个问题再保存。
policy-save-wait-preview = 请等待预览完成后再保存。
policy-saving = 正在保存…
policy-discard = 放弃草稿
policy-discard-hover = 关闭草稿，不保存
policy-saved-notice = 已保存：新版本自 { $effective } 起生效。
policy-save-refused-notice = 该版本未保存（原因见状态栏）；草稿保持原样。
policy-op-saved = 新计提政策版本自 { $effective } 起生效
policy-op-save-failed = 无法保存自 { $effective } 起生效的计提政策版本
