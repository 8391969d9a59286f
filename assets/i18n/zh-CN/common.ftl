# common：common 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。

lang-name = 简体中文
common-documents = { $n } 张单据

## 客户类型（内置类型；用户新增的类型显示其名称）
type-state-owned = 国有企业
type-government = 政府机关
type-private = 民营企业
type-related-party = 关联方
type-individual = 个人
type-other = 其他

## 账龄段
bucket-current = 未逾期

## 核销状态
state-draft = 草稿
state-submitted = 已提交
state-approved = 已审批
state-rejected = 已驳回
state-posted = 已过账

## 核销原因类别
reason-dispute = 争议
reason-insolvency = 破产清算
reason-change-of-management = 管理层变更
reason-uneconomic = 追收不经济
reason-time-barred = 超过诉讼时效
reason-other = 其他

## 预警类型
alert-kind-trading-after-write-off = 核销后仍有交易
alert-kind-written-off-still-open = 已核销单据仍在账
alert-kind-no-recent-note = 近期无催收记录
alert-kind-related-party = 关联方余额

## overview/review/import shared
common-balance = 余额
common-allowance = 坏账准备
common-coverage = 计提比例
common-cover = 计提比例
common-total = 合计
common-customer = 客户
common-name = 名称
common-type = 客户类型
common-amount = 金额
common-over-one-year = 逾期一年以上
common-sort-by = 按{ $column }排序
common-yes = 是
common-no = 否

## file dialog
dialog-no-dialog = 此处没有可用的文件对话框：请输入文件路径。
dialog-none-chosen = 未选择文件。也可以直接输入文件路径：
dialog-failed = 文件对话框出错（{ $error }）：请输入文件路径。
dialog-file-path = 文件路径
dialog-file-path-hint = /路径/文件
dialog-replaces = { $path } 已存在：保存将覆盖该文件。
dialog-save = 保存
dialog-open = 打开
dialog-cancel = 取消
