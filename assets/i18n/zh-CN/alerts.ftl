# alerts：alerts 的中文文本。消息 id 与英文文件一一对应，见 src/i18n.rs。
