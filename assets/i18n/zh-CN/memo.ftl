# memo：核销审批单（Markdown 与 PDF）的文本。消息 id 与英文文件一一对应，见 src/i18n.rs。
# 金额、日期和编号均已格式化后传入；Markdown 的强调和转义由代码添加，这里的文本不含 Markdown。

## 标题、草稿与页脚
memo-title = 核销审批单（第 { $id } 号）
memo-md-heading = 核销审批单（第 { $id } 号）：{ $customer }
memo-draft = 草稿
memo-md-draft-line = 第 { $id } 号核销当前状态为“{ $state }”，不得据此过账。
memo-pdf-draft-title = 草稿。
memo-pdf-draft-line = 第 { $id } 号核销当前状态为“{ $state }”，本审批单不作为过账依据。
memo-md-footer = 核销审批单（第 { $id } 号）· 内容哈希 { $hash }
memo-pdf-footer = 核销审批单（第 { $id } 号）· { $customer } · 内容哈希
memo-page-of = 第 { $page } 页，共 { $pages } 页

## 概要
memo-customer = 客户
memo-customer-type = 客户类型
memo-related-party = 关联方
memo-yes = 是
memo-no = 否
memo-md-related-disclose = ——须按 ASC 850 披露
memo-pdf-related-disclose = ——须按 ASC 850（关联方披露）披露
memo-date = 核销日期
memo-amount = 核销金额
memo-reason = 核销原因类别
memo-state = 状态
memo-narrative = 情况说明

## 核销单据
memo-documents = 核销单据
memo-md-documents-heading = 核销单据（取自截至 { $date } 的快照，金额单位：{ $currency }）
memo-pdf-documents-note = 取自截至 { $date } 的快照；逾期天数和账龄段按核销日期计算；金额单位：{ $currency }。
memo-col-document = 单据号
memo-col-document-date = 单据日期
memo-col-due-date = 到期日
memo-col-days-past-due = 逾期天数
memo-col-bucket = 账龄段
memo-col-open-amount = 未结金额
memo-col-written-off = 核销金额
memo-total = 合计

## 坏账准备、对损益的净影响与会计分录
memo-allowance-heading = 坏账准备及对损益的净影响（{ $currency }）
memo-col-amount = 金额
memo-md-customer-allowance = 该客户截至 { $date } 的坏账准备
memo-pdf-customer-allowance = 该客户截至 { $date } 的坏账准备
memo-allowance-held = 上述单据已计提的坏账准备
memo-net-charge = 对损益的净影响（信用减值损失）
memo-entry = 会计分录
memo-col-account = 会计科目
memo-col-debit = 借方
memo-col-credit = 贷方
memo-entry-allowance = 借：坏账准备
memo-entry-expense = 借：信用减值损失
memo-entry-receivable = 贷：应收账款——{ $customer }

## 余额历史与开票
memo-history-heading = 余额历史（{ $currency }）
memo-col-as-of = 截至日期
memo-col-balance = 余额
memo-col-allowance = 坏账准备
memo-col-over-one-year = 逾期一年以上
memo-billings = 开票情况
memo-billed-before = 核销日期 { $date } 前十二个月开票
memo-billed-after = { $date } 之后开票
memo-md-billed-before = 核销日期 { $date } 前十二个月开票：{ $amount } { $currency }
memo-md-billed-after = { $date } 之后开票：{ $amount } { $currency }

## 催收情况
memo-collection = 催收情况
memo-no-notes = 核销日期前无催收记录。
memo-col-date = 日期
memo-col-action = 催收方式
memo-col-by = 记录人
memo-col-outcome = 结果
memo-col-note = 催收记录
memo-action-call = 电话
memo-action-letter = 函件
memo-action-email = 电子邮件
memo-action-visit = 上门拜访
memo-action-legal = 法律途径
memo-action-other = 其他

## 审批与签字
memo-approvals = 审批记录
memo-col-step = 步骤
memo-col-done-by = 经办人
memo-col-when = 时间
memo-step-prepared = 编制
memo-step-approved = 审批
memo-step-posted = 过账
memo-signatures = 签字
memo-signer-first = 编制人
memo-signer-second = 审批人
memo-signer-third = 过账人
memo-md-signature-line = { $role }：______________________________  日期：____________
memo-pdf-name-and-date = 签字及日期
