//! Every user-visible text, English then Simplified Chinese.
//!
//! Chinese labels use the words of the customer-file regulations (see DOMAIN.md), so a
//! user reads the terms they already use at work.

use super::Lang;

/// Declares [`Msg`] and its texts. Each entry: `Name => "English", "中文";`.
macro_rules! messages {
    ($($name:ident => $en:literal, $zh:literal;)+) => {
        /// One user-visible text, independent of language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),+ }

        impl Msg {
            /// Every message, for tests that check the whole catalogue.
            pub const ALL: &'static [Msg] = &[$(Msg::$name),+];

            /// The text in `lang`, with any `{parameters}` unfilled.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::En) => $en, (Msg::$name, Lang::ZhCn) => $zh,)+
                }
            }
        }
    };
}

messages! {
    AppName => "Dossier", "客户档案";
    SkipToContent => "Skip to content", "跳到正文";
    MainNavigation => "Main", "主导航";
    LanguageLabel => "Language", "语言";

    NavCustomers => "Customers", "客户";
    NavVisits => "Visits", "拜访";
    NavBundles => "Bundles", "交换包";
    NavSettings => "Settings", "设置";

    StatusOnline => "Online", "在线";
    StatusOffline => "Offline", "离线";
    StatusNetworkHint => "Dossier works the same with or without a network.", "无论有没有网络，客户档案都照常工作。";
    StoragePersistent => "Storage kept", "存储已保留";
    StoragePersistentHint => "The browser will not clear Dossier's data on its own.", "浏览器不会自行清除客户档案的数据。";
    StorageNotPersistent => "Storage may be cleared", "存储可能被清除";
    StorageNotPersistentHint => "The browser may clear Dossier's data when the disk runs low.", "磁盘空间不足时，浏览器可能清除客户档案的数据。";
    StorageChecking => "Checking storage…", "正在检查存储…";
    StorageUnknown => "Storage status unknown", "存储状态未知";
    StorageUsage => "{used} used · {free} free", "已用 {used} · 可用 {free}";

    PersistRefusedTitle => "This browser may delete Dossier's data", "浏览器可能会删除客户档案的数据";
    PersistRefusedBody => "The browser did not agree to keep Dossier's storage, so when the disk runs low it may clear it without asking. Install Dossier as an app (browser menu → Install) or bookmark this page, then press “Ask again”. Until then, export a bundle regularly as a backup.", "浏览器没有同意保留客户档案的存储，磁盘空间不足时可能不经询问就将其清除。请把客户档案安装为应用（浏览器菜单 → 安装）或将本页加入书签，然后点击“再次申请”。在此之前，请定期导出交换包作为备份。";
    PersistAskAgain => "Ask again", "再次申请";
    Dismiss => "Dismiss", "知道了";

    UpdateReady => "A new version of Dossier is ready. Your data stays as it is.", "客户档案有新版本可用，您的数据不受影响。";
    UpdateReload => "Reload now", "立即更新";
    UpdateLater => "Later", "稍后";
    OfflineReady => "Dossier is ready to work offline on this computer.", "客户档案已可在本机离线使用。";

    StorageErrorTitle => "Dossier cannot open its local database", "客户档案无法打开本地数据库";
    StorageErrorNewer => "This browser holds data written by a newer version of Dossier. Reload to get that version; nothing has been changed.", "此浏览器中的数据由更新版本的客户档案写入。请重新加载以获取该版本；数据没有任何改动。";
    StorageErrorFull => "The disk is full. Free some space and reload; nothing has been lost.", "磁盘已满。请释放一些空间后重新加载；数据没有丢失。";
    StorageErrorUnavailable => "This browser window does not allow Dossier to store data (private windows often do this). Open Dossier in a normal window.", "当前浏览器窗口不允许客户档案保存数据（无痕窗口常会如此）。请在普通窗口中打开客户档案。";
    StorageErrorConflict => "This file was changed in another window after you opened it, so your changes were not saved. They are still in the form: copy what you need, press “Discard changes”, then edit the file again.", "您打开此档案后，它已在另一个窗口中被修改，因此您的修改没有保存。修改内容仍在表单中：请复制需要的内容，点击“放弃修改”，然后重新编辑档案。";
    StorageErrorDuplicateNo => "Another customer file already has this archive number. Nothing was saved.", "已有其他客户档案使用此档案编号，未作任何保存。";
    StorageErrorOther => "The browser reported: {detail}. Reload the page; if it happens again, keep this message for support.", "浏览器报告：{detail}。请重新加载页面；如果再次出现，请保留此信息以便技术支持。";

    CustomersTitle => "Customer files", "客户档案";
    CustomersEmpty => "No customer files yet.", "还没有客户档案。";
    CustomersEmptyHint => "Customer files you create or import are listed here and stay on this computer.", "您新建或导入的客户档案会列在这里，并保存在本机。";
    VisitsTitle => "Visits", "拜访记录";
    VisitsEmpty => "No visits recorded yet.", "还没有拜访记录。";
    BundlesTitle => "Bundles", "交换包";
    BundlesEmpty => "No bundles sent or received yet.", "还没有收发过交换包。";

    // Customer list
    NewCustomer => "New customer file", "新建客户档案";
    SearchPlaceholder => "Search name, pinyin (zs), archive no., contact, phone, address", "搜索名称、拼音（如 zs）、档案编号、联系人、电话、地址";
    SearchLabel => "Search customer files", "搜索客户档案";
    ResultCount => "{count} files", "共 {count} 份档案";
    NoMatches => "No customer file matches. Clear the search or filters to see all files.", "没有符合条件的客户档案。清除搜索或筛选条件可查看全部档案。";
    ClearFilters => "Clear", "清除";
    FilterAll => "All", "全部";
    FilterStatusOpen => "Active and dormant", "活跃和休眠";
    FilterRegion => "Region", "地区";
    FilterIndustry => "Industry", "业种";
    SortLabel => "Sort by", "排序";
    SortName => "Name", "名称";
    SortArchiveNo => "Archive no.", "档案编号";
    SortRecent => "Recently changed", "最近修改";
    SortGrade => "Credit grade", "信用等级";
    GroupLabel => "Group by", "分组";
    GroupNone => "No grouping", "不分组";
    GroupNotRecorded => "Not recorded", "未填写";
    LoadingFiles => "Loading customer files…", "正在加载客户档案…";

    // Enumerations
    StatusLabel => "Status", "状态";
    StatusActive => "Active", "活跃";
    StatusDormant => "Dormant", "休眠";
    StatusClosed => "Closed", "已销户";
    SecretLabel => "Secret level", "秘级";
    SecretNone => "Not secret", "非密";
    SecretSecret => "Secret", "秘密";
    SecretConfidential => "Confidential", "机密";
    SecretTopSecret => "Top secret", "绝密";
    ImportanceLabel => "Importance", "重要程度";
    ImportanceImportant => "Important", "重要";
    ImportanceOrdinary => "Ordinary", "普通";
    ImportanceUnimportant => "Unimportant", "不重要";
    GradeLabel => "Credit grade", "信用等级";
    GradeValue => "Grade {grade}", "{grade} 级";
    GradeA => "A", "A 级";
    GradeB => "B", "B 级";
    GradeC => "C", "C 级";
    GradeNotAssigned => "Not assigned", "未评定";
    GradeAssignedBy => "Assigned {grade} by {by} on {date}", "{by} 于 {date} 评定为 {grade} 级";
    GradeHeldAtC => "Held at C:", "暂列 C 级：";
    WatchNotAssigned => "no grade assigned by the sales manager", "销售经理尚未评定等级";
    WatchNewCustomer => "new customer, first year", "新客户（第一年）";
    WatchWholesaler => "intermediate wholesaler", "中间批发商";
    WatchSmallFirm => "20 employees or fewer, or a sole shop", "员工 20 人以下或个体商户";
    WatchBadRecord => "bad record or reputation", "有不良记录或信誉不佳";
    WatchLargeBalance => "owes 500,000 or more", "欠款 50 万元以上";
    WatchBalanceForSize => "owes 200,000 or more, large for its size", "欠款 20 万元以上且交易额相对其规模过大";
    OrgFormLabel => "Organisation form", "组织形式";
    OrgUnknown => "Not recorded", "未填写";
    OrgCompany => "Company", "公司";
    OrgStateOwned => "State-owned", "国有企业";
    OrgPartnership => "Partnership", "合伙企业";
    OrgSoleProprietor => "Sole shop", "个体工商户";
    OrgOther => "Other", "其他";
    PrefBirthday => "Birthday", "生日";
    PrefAnniversary => "Anniversary", "纪念日";
    PrefDrink => "Drink", "饮品";
    PrefFood => "Food", "饮食";
    PrefTeaOrCoffee => "Tea or coffee", "茶或咖啡";
    PrefAllergy => "Allergy", "过敏";
    PrefDiet => "Dietary needs", "饮食禁忌";
    PrefLikes => "Likes", "喜好";
    PrefDislikes => "Dislikes", "厌恶";
    PrefSmoking => "Smoking", "吸烟";
    PrefLanguage => "Language", "语言";
    PrefPreviousComplaint => "Previous complaint", "以往投诉";
    PrefSpecialRequest => "Special request", "特殊要求";
    PrefOther => "Other", "其他";

    // Sections and fields
    SectionBasic => "Basic data", "基础资料";
    SectionTraits => "Characteristics", "客户特征";
    SectionBusiness => "Business status", "业务状况";
    SectionTrading => "Trading status", "交易现状";
    SectionContacts => "Contacts", "联系人";
    SectionAddress => "Address card", "地址分类卡";
    SectionGrades => "Classification", "等级分类";
    SectionPreferences => "Preferences", "客户习性";
    SectionHistory => "Change history", "变更记录";
    BeforeVisit => "Before the visit", "拜访前须知";
    FieldName => "Customer name", "客户名称";
    FieldPhone => "Phone", "电话";
    FieldOwner => "Owner", "所有者";
    FieldOperator => "Operator", "经营者";
    FieldManager => "Manager", "管理者";
    FieldLegalRep => "Legal representative", "法人代表";
    FieldKeyPeople => "Key people: character, interests, hobbies, family, education, age", "主要人员：性格、兴趣、爱好、家庭、学历、年龄";
    FieldFounded => "Founded", "创业时间";
    FieldIndustry => "Industry", "业种";
    FieldCapital => "Registered capital (yuan)", "注册资本（元）";
    FieldEmployees => "Employees", "员工人数";
    FieldServiceArea => "Service area", "服务区域";
    FieldSalesCapacity => "Sales capacity", "销售能力";
    FieldPotential => "Development potential", "发展潜力";
    FieldPhilosophy => "Business philosophy and direction", "经营观念与方向";
    FieldPolicy => "Business policy", "经营政策";
    FieldScale => "Enterprise scale", "企业规模";
    FieldBusinessTraits => "Business traits", "经营特点";
    FieldSalesPerformance => "Sales performance", "销售实绩";
    FieldStaffQuality => "Managers and salespeople", "经营者与业务人员素质";
    FieldCompetitors => "Relationship with competitors", "与竞争者的关系";
    FieldTradingSince => "Trading with us since", "与本公司开始交易时间";
    FieldCooperation => "Cooperation attitude", "合作态度";
    FieldWholesaler => "Intermediate wholesaler", "中间批发商";
    FieldCurrentActivity => "Current sales activity", "当前销售活动";
    FieldOpenProblems => "Open problems", "存在的问题";
    FieldStrengths => "Strengths", "保持优势";
    FieldFuturePlans => "Future plans", "未来对策";
    FieldReputation => "Image and reputation", "企业形象与声誉";
    FieldCreditStatus => "Credit status", "信用状况";
    FieldTradeTerms => "Trade terms", "交易条件";
    FieldCreditProblems => "Credit problems", "出现的信用问题";
    FieldBalance => "Outstanding balance (yuan)", "欠款余额（元）";
    FieldVolumeLarge => "Volume with us is large for their size", "与本公司交易额相对其规模过大";
    FieldBadRecord => "Bad record or reputation", "有不良记录或信誉不佳";
    FieldProvince => "Province", "省份";
    FieldCity => "City", "城市";
    FieldDistrict => "District", "区县";
    FieldAddress => "Detailed address", "详细地址";
    FieldBusinessType => "Business type", "业态";
    FieldOwnerAddress => "Person in charge's address", "负责人地址";
    FieldBestVisitTime => "Best time to visit", "最佳拜访时间";
    FieldContactName => "Name", "姓名";
    FieldContactTitle => "Title", "职务";
    FieldContactPhones => "Phones (separate with ;)", "电话（多个用 ; 分隔）";
    FieldContactEmail => "Email", "电子邮箱";
    FieldContactBirthday => "Birthday", "生日";
    FieldContactNotes => "Notes", "备注";
    FieldPrimaryContact => "Primary contact", "主要联系人";
    FieldPreferenceLabel => "Item", "项目";
    FieldPreferenceValue => "Details", "内容";
    FieldGradeReason => "Reason for the grade", "评定理由";
    FieldArchiveNo => "Archive no.", "档案编号";
    FieldRevision => "Revision", "版本";
    FieldContactN => "Contact {n}", "联系人 {n}";
    FieldPreferenceN => "Preference {n}", "习性 {n}";

    // Customer page and form
    EditCustomer => "Edit", "编辑";
    CustomerNotFound => "This customer file does not exist on this computer.", "本机没有此客户档案。";
    BackToList => "Back to the list", "返回列表";
    NothingRecorded => "—", "—";
    NoPreferences => "No preferences recorded yet. Add what the customer likes, dislikes or asked for.", "尚未记录客户习性。请记下客户的喜好、忌讳和要求。";
    NoContacts => "No contacts recorded.", "尚无联系人。";
    HistoryCreated => "Created by {by}", "{by} 创建";
    HistoryEdited => "Changed by {by}", "{by} 修改";
    HistoryReason => "Reason: {reason}", "原因：{reason}";
    YesValue => "Yes", "是";
    NoValue => "No", "否";
    AddContact => "Add contact", "添加联系人";
    RemoveContact => "Remove contact", "删除联系人";
    AddPreference => "Add", "添加";
    RemovePreference => "Remove", "删除";
    QuickPick => "Quick pick:", "快速选择：";
    ChangeReason => "Reason for this change (optional)", "修改原因（可选）";
    SaveCustomer => "Save", "保存";
    DiscardDraft => "Discard changes", "放弃修改";
    Saving => "Saving…", "正在保存…";
    DraftRestored => "Your unsaved changes from {time} were restored.", "已恢复您在 {time} 未保存的修改。";
    DraftAutosaved => "Changes are kept as you type, even if the page closes.", "输入内容会随时保存，即使页面关闭也不会丢失。";
    FormHasErrors => "Some fields need attention; they are marked below. Nothing was saved yet, and your typing is kept.", "有些内容需要修改（已在下方标出）。尚未保存，您输入的内容不会丢失。";
    NeedProfile => "Before saving, enter your name and rep code in Settings: they go into the change history and the archive number.", "保存前请在“设置”中填写您的姓名和业务员代码：它们会记入变更记录和档案编号。";
    GoToSettings => "Open Settings", "打开设置";
    ErrRequired => "Required.", "必填。";
    ErrPhone => "Not a phone number. Examples: 138 1234 5678, 010-12345678, +86 21 6123 4567.", "不是有效的电话号码。例如：138 1234 5678、010-12345678、+86 21 6123 4567。";
    ErrEmail => "Not an email address (name@example.com).", "不是有效的电子邮箱（name@example.com）。";
    ErrFuture => "This date is in the future.", "日期不能晚于今天。";
    ErrTooEarly => "This date is too far in the past.", "日期过早。";
    ErrNumber => "Not a number. Examples: 500000, 50万, 1,200.50.", "不是数字。例如：500000、50万、1,200.50。";
    ErrNegative => "Cannot be negative.", "不能为负数。";
    ErrBeforeVisit => "This date is before the visit.", "日期早于本次拜访。";
    ErrTooLarge => "Too large.", "数值过大。";

    // Profile
    ProfileTitle => "Your profile", "个人信息";
    ProfileHint => "Your name is recorded with every change you make; head office gives you your rep code, which starts every archive number you create.", "您的姓名会记入您做的每一项修改；业务员代码由总部分配，是您新建档案编号的开头。";
    ProfileName => "Your name", "您的姓名";
    ProfileRepCode => "Rep code", "业务员代码";
    ProfileSave => "Save profile", "保存个人信息";
    ProfileSaved => "Profile saved.", "个人信息已保存。";
    ProfileRepCodeInvalid => "1 to 8 capital letters or digits, as head office gave it (e.g. R07).", "1 至 8 位大写字母或数字，以总部分配的为准（如 R07）。";

    // Visit-call records
    RecordVisit => "Record a visit", "记录拜访";
    VisitTitle => "Visit: {customer}", "拜访：{customer}";
    VisitsInProgress => "In progress, not yet submitted", "进行中（尚未提交）";
    VisitsSubmitted => "Submitted visits", "已提交的拜访";
    VisitDraftMark => "Draft", "草稿";
    VisitDraftNote => "Kept as you type, even if the page closes. Submit when the visit is over; a submitted visit is final.", "输入内容随时保存，即使页面关闭也不会丢失。拜访结束后提交；提交后不可修改。";
    VisitAt => "Date and time", "拜访时间";
    VisitMethodLabel => "Method", "方式";
    MethodPersonal => "Personal visit", "人员走访";
    MethodPhone => "Phone", "电话调查";
    MethodMail => "Mail", "邮件调查";
    MethodObservation => "On-site observation", "现场观察";
    MethodFocusGroup => "Focus group", "焦点人群";
    VisitParticipants => "Customer participants", "客户参与人";
    VisitColleagues => "Colleagues", "我方同事";
    VisitPurpose => "Purpose", "拜访目的";
    VisitSummary => "Discussion summary", "洽谈内容摘要";
    VisitNeeds => "Customer needs and feedback", "客户需求与反馈";
    VisitCompetitors => "Competitor information", "竞争对手信息";
    VisitOpportunity => "Opportunities or orders", "商机或订单";
    VisitAmount => "Amount", "金额";
    VisitCurrency => "Currency", "币种";
    VisitSatisfaction => "Satisfaction", "满意度";
    SatisfactionNone => "Not asked", "未评价";
    Satisfaction1 => "1 · very dissatisfied", "1 · 很不满意";
    Satisfaction2 => "2 · dissatisfied", "2 · 不满意";
    Satisfaction3 => "3 · neutral", "3 · 一般";
    Satisfaction4 => "4 · satisfied", "4 · 满意";
    Satisfaction5 => "5 · very satisfied", "5 · 很满意";
    FollowUps => "Follow-up actions", "后续行动";
    FollowUpAction => "Action", "行动";
    FollowUpOwner => "Owner", "负责人";
    FollowUpDue => "Due", "期限";
    AddFollowUp => "Add follow-up", "添加后续行动";
    RemoveItem => "Remove", "删除";
    NextVisit => "Next visit", "下次拜访日期";
    SubmitVisit => "Submit visit", "提交拜访记录";
    DiscardVisit => "Delete this draft", "删除此草稿";
    VisitSubmittedBy => "Submitted by {by} on {time}", "{by} 于 {time} 提交";
    VisitNotFound => "This visit record does not exist on this computer.", "本机没有此拜访记录。";
    NavComplaints => "Complaints", "投诉";
    ComplaintsTitle => "Complaint register", "客户投诉登记";
    ComplaintsEmpty => "No complaints registered.", "尚无投诉登记。";
    RegisterComplaint => "Register a complaint", "登记投诉";
    ComplaintTitle => "Complaint {no}", "投诉 {no}";
    ComplaintNo => "Acceptance no.", "受理编号";
    ComplaintReceived => "Received on", "受理日期";
    ComplaintKindLabel => "Type", "投诉类型";
    KindProduct => "Product", "产品";
    KindService => "Service", "服务";
    KindOther => "Other", "其他";
    ComplaintDescription => "Description", "投诉内容";
    ComplaintDemand => "Customer's demand", "客户要求";
    ComplaintDecisionLabel => "Decision", "处理决定";
    DecisionPending => "Not yet decided", "待定";
    DecisionAccepted => "Accepted", "受理";
    DecisionRejected => "Rejected", "不予受理";
    ComplaintDeadline => "Promised deadline", "承诺期限";
    ComplaintRejection => "Reason for rejection", "不予受理的原因";
    ComplaintHandling => "Handling steps", "处理过程";
    ComplaintResult => "Result", "处理结果";
    ComplaintDepartment => "Responsible department", "责任部门";
    ComplaintOpen => "Open", "处理中";
    ComplaintClosed => "Closed", "已结案";
    CloseComplaint => "Close the complaint", "结案";
    ComplaintNote => "Kept as you type. Close it once handled: closing needs a decision, and a result when accepted.", "输入内容随时保存。处理完毕后结案：结案需要处理决定，受理的还需处理结果。";
    ComplaintNotFound => "This complaint does not exist on this computer.", "本机没有此投诉记录。";
    AgendaComplaint => "Complaint past its deadline", "投诉超过承诺期限";
    OpenComplaints => "Open complaints", "未结投诉";
    SectionTimeline => "Timeline", "客户动态";
    TlCreated => "File created by {by}", "{by} 创建档案";
    TlEdited => "{by} changed {n} field(s)", "{by} 修改了 {n} 项";
    TlGrade => "{by} set the credit grade: {from} → {to}", "{by} 调整信用等级：{from} → {to}";
    TlVisit => "Visit: {summary}", "拜访：{summary}";
    TlComplaint => "Complaint {no} received", "受理投诉 {no}";
    TlComplaintClosed => "Complaint {no} closed", "投诉 {no} 结案";
    Amendments => "Amendments", "更正记录";
    AmendmentNote => "A submitted visit stays as it was; corrections are added below it.", "已提交的拜访记录保持原样；更正内容附在下方。";
    AmendmentText => "Correction or addition", "更正或补充内容";
    AddAmendment => "Add amendment", "添加更正";
    AmendmentBy => "{by}, {time}", "{by}，{time}";
    UpdateCustomerFile => "Update the customer file", "更新客户档案";
    LearnedOnVisit => "Learned during the visit of {date}", "于 {date} 拜访时获悉";
    AgendaTitle => "Agenda", "日程";
    AgendaOverdue => "Overdue", "已逾期";
    AgendaToday => "Today", "今天";
    AgendaThisWeek => "Later this week", "本周稍后";
    AgendaEmpty => "Nothing planned or due this week.", "本周没有计划或到期的事项。";
    AgendaPlannedVisit => "Planned visit", "计划拜访";
    AgendaGoodTimeNow => "Good time to visit now", "现在适合拜访";
    AgendaGoodTimeHint => "By each file's best time to visit.", "依据档案中的最佳拜访时间。";
    AgendaMore => "and {n} more", "另有 {n} 位";
    AgendaFollowUp => "Follow-up", "后续行动";
    MarkDone => "Done", "完成";
    StorageErrorVisitFinal => "This visit was already submitted and is final; nothing was changed.", "此拜访记录已提交，不能再修改；未作任何更改。";

    SettingsTitle => "Settings", "设置";
    SettingsStorage => "Storage on this computer", "本机存储";
    SettingsStoreCreated => "Local store created on {date}.", "本地存储创建于 {date}。";

    VaultLock => "Lock", "锁定";
    VaultLockHint => "Lock confidential files now", "立即锁定机密档案";
    VaultUnlockLink => "Unlock", "解锁";
    VaultUnlockTitle => "Unlock confidential files", "解锁机密档案";
    VaultUnlockHint => "Files marked 秘密 or above are encrypted on this laptop. Your passphrase opens them until Dossier locks again.", "标为秘密及以上的档案在本机加密保存。输入口令即可打开，直到再次锁定。";
    VaultPassphrase => "Passphrase", "口令";
    VaultUnlock => "Unlock", "解锁";
    VaultUnlocking => "Unlocking… this takes about a second.", "正在解锁…约需一秒。";
    VaultUnlocked => "Unlocked.", "已解锁。";
    VaultWrongPassphrase => "That passphrase is not right. Nothing was changed; try again.", "口令不正确。未作任何更改，请重试。";
    VaultWait => "Too many wrong attempts. You can try again in {seconds} s.", "错误次数过多。请在 {seconds} 秒后重试。";
    VaultForgot => "Forgot the passphrase? Use the recovery key", "忘记口令？使用恢复密钥";
    VaultNotSet => "No passphrase has been set on this laptop yet. Set one in Settings before marking files 秘密 or above.", "本机尚未设置口令。请先在“设置”中设置口令，再将档案标为秘密及以上。";
    VaultFileLocked => "This file is {level}. Its content is encrypted; unlock to open it.", "此档案为{level}，内容已加密；解锁后方可打开。";
    VaultLockedItems => "Confidential files' items are hidden while locked.", "锁定期间不显示机密档案的相关内容。";
    VaultSealedRow => "Confidential file — locked", "机密档案（已锁定）";
    VaultPurposeTitle => "Purpose of this viewing", "调阅目的";
    VaultPurposeHint => "Opening a {level} file is recorded in the viewing record: who, when, which file and why.", "调阅{level}档案将记入调阅记录：调阅人、时间、档案及目的。";
    VaultPurposeOpen => "Open the file", "打开档案";
    VaultSetupTitle => "Passphrase for confidential files", "机密档案口令";
    VaultSetupHint => "Files marked 秘密 or above are encrypted on this laptop with a key that only this passphrase, or the recovery key you will be shown, can open. A lost laptop then leaks nothing confidential.", "标为秘密及以上的档案在本机加密保存，只有此口令或随后显示的恢复密钥能够打开。电脑丢失也不会泄露机密内容。";
    VaultNewPassphrase => "New passphrase", "新口令";
    VaultRepeatPassphrase => "Repeat the passphrase", "再次输入口令";
    VaultMismatch => "The two entries differ.", "两次输入不一致。";
    VaultSet => "Set passphrase", "设置口令";
    VaultSetting => "Setting up… this takes about a second.", "正在设置…约需一秒。";
    StrengthTooWeak => "Too easy to guess", "太容易被猜中";
    StrengthFair => "Fair", "一般";
    StrengthGood => "Good", "良好";
    StrengthStrong => "Strong", "很强";
    StrengthCrack => "Someone holding this laptop would need about {time} of guessing to find it.", "拿到这台电脑的人大约需要猜测 {time} 才能找出它。";
    StrengthHintCommon => "It is one of the passwords attackers try first.", "这是攻击者最先尝试的常见密码之一。";
    StrengthHintShort => "Use at least 12 characters.", "请至少使用 12 个字符。";
    StrengthHintPattern => "Repeats, rows of keys and counting add little.", "重复字符、键盘连排和连续数字作用不大。";
    StrengthHintWords => "Four or more unrelated words are strong and easy to remember.", "四个或更多互不相关的词语既安全又好记。";
    DurSeconds => "seconds", "几秒钟";
    DurMinutes => "{n} minutes", "{n} 分钟";
    DurHours => "{n} hours", "{n} 小时";
    DurDays => "{n} days", "{n} 天";
    DurYears => "{n} years", "{n} 年";
    DurCenturies => "centuries", "数百年以上";
    RecoveryTitle => "Your recovery key", "您的恢复密钥";
    RecoveryHint => "Write it down or print it now, and keep it apart from the laptop. It is shown only this once. Without the passphrase or this key nobody, not head office and not us, can read the confidential files.", "请立即抄写或打印，并与电脑分开保管。它只显示这一次。没有口令或此密钥，任何人（包括总部和我们）都无法读取机密档案。";
    RecoveryPrint => "Print", "打印";
    RecoveryConfirm => "To confirm you have it, type its last group", "为确认已记下，请输入最后一组";
    RecoveryDone => "I have kept it", "我已妥善保存";
    RecoveryConfirmWrong => "That is not its last group.", "与最后一组不符。";
    VaultReady => "Confidential files are protected. Lock them with the Lock button at the top; Dossier also locks itself when unused, when the laptop sleeps, or when the tab stays hidden.", "机密档案已受保护。可用顶部的“锁定”按钮锁定；闲置、电脑休眠或标签页长时间隐藏时也会自动锁定。";
    VaultChangeTitle => "Change passphrase", "修改口令";
    VaultCurrentPassphrase => "Current passphrase", "当前口令";
    VaultChange => "Change passphrase", "修改口令";
    VaultChanged => "Passphrase changed. Use the new one from now on.", "口令已修改，今后请使用新口令。";
    VaultAutoLock => "Lock after this many minutes without use", "无操作多少分钟后自动锁定";
    VaultRecoverTitle => "Set a new passphrase with the recovery key", "用恢复密钥设置新口令";
    VaultRecoveryKey => "Recovery key", "恢复密钥";
    VaultRecover => "Set new passphrase", "设置新口令";
    VaultWrongRecovery => "This recovery key does not belong to this laptop's files. Nothing was changed.", "此恢复密钥与本机档案不符。未作任何更改。";
    VaultMistypedRecovery => "This is not a complete recovery key: a character is missing or mistyped.", "恢复密钥不完整：有字符缺失或输错。";
    ViewingRecordTitle => "Viewing record", "调阅记录";
    ViewingRecordLink => "Viewing record of confidential files", "机密档案调阅记录";
    ViewingWhen => "When", "调阅时间";
    ViewingWho => "Who", "调阅人";
    ViewingFile => "File", "档案";
    ViewingPurpose => "Purpose", "调阅目的";
    ViewingFilter => "Filter by person, file or purpose", "按调阅人、档案或目的筛选";
    ViewingEmpty => "No confidential file has been opened yet.", "尚无机密档案被调阅。";
    ViewingIntact => "The record is complete: {n} entries, none altered or removed.", "记录完整：共 {n} 条，无修改或删除。";
    ViewingBroken => "Warning: the viewing record was tampered with ({detail}). Report this to head office.", "警告：调阅记录被篡改（{detail}）。请报告总部。";
    StorageErrorLocked => "This confidential record is locked. Unlock first; nothing was changed.", "此机密记录已锁定。请先解锁；未作任何更改。";
    StorageErrorTampered => "A confidential record failed its integrity check: it was altered, or copied from another record. It was not opened.", "一条机密记录未通过完整性校验：已被篡改或从其他记录复制，未予打开。";
    SetupNotice => "Set up this laptop: your name and rep code, and a passphrase for confidential files.", "请先设置本机：您的姓名、业务员代码，以及机密档案口令。";
    SetupNoticeGo => "Set up", "去设置";

    NotFoundTitle => "Page not found", "找不到该页面";
    NotFoundBack => "Go to customer files", "返回客户档案";
}
