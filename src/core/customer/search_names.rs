//! Search as Chinese users type it, over real company and place names: each name with
//! queries that must find it (full pinyin, initials, mixtures, every reading of a
//! polyphonic character at the start, middle or end, ü as v, full width, traditional
//! and simplified characters) and near misses that must find nothing in the whole table.

use chrono::{TimeZone, Utc};

use super::catalogue::CatalogueEntry;
use super::model::Customer;
use super::query::{self, Query};

/// (name, queries that find it, near misses that find no name of the table).
const NAMES: &[(&str, &[&str], &[&str])] = &[
    // A polyphonic character at the end: 行 xing / hang.
    (
        "招商银行",
        &[
            "zsyh",
            "zsyx",
            "zhaoshangyinhang",
            "yinhang",
            "zhaosyh",
            "zsyinh",
            "招商yh",
        ],
        &["zsyy", "zhaoshangyinhangg", "aoshang"],
    ),
    (
        "中国建设银行",
        &[
            "zgjsyh",
            "jiansheyinhang",
            "zhongguojianshe",
            "zgjsyinhang",
            "jsyh",
        ],
        &["zgjsyq", "zgjh"],
    ),
    ("兴业银行", &["xyyh", "xingyeyinhang", "xingyyh"], &["xyyy"]),
    (
        "宁波银行",
        &["nbyh", "ningboyinhang"],
        &["nbyy", "ningbuyinhang"],
    ),
    // A polyphonic character at the start: 长 chang / zhang, 重 zhong / chong.
    (
        "长城汽车",
        &[
            "ccqj",
            "ccqc",
            "changcheng",
            "zhangcheng",
            "chcqc",
            "长城qc",
            "qiche",
        ],
        &["ccqz", "changchengqz"],
    ),
    (
        "长虹电器",
        &["chdq", "changhong", "zhanghong", "changhongdianqi"],
        &["chdz"],
    ),
    (
        "重庆啤酒",
        &["cqpj", "chongqing", "zhongqing", "cqpijiu"],
        &["cqpz", "chongqingpz"],
    ),
    (
        "重庆长安汽车",
        &["cqcaqc", "chongqingchangan", "zqza", "changanqiche"],
        &["cqcaqz"],
    ),
    // In the middle: 长 in 大长江, 乐 le / yue, 会 hui / kuai.
    (
        "大长江集团",
        &["dcjjt", "dachangjiang", "dazhangjiang", "daizhangjiang"],
        &["dcjjd"],
    ),
    (
        "快乐购物",
        &["klgw", "kuailegouwu", "kuaiyuegouwu", "kygw"],
        &["klgz"],
    ),
    ("乐视网", &["lsw", "leshiwang", "yueshiwang"], &["lsx"]),
    (
        "会稽山绍兴酒",
        &["kjssxj", "kuaijishan", "huijishan", "sxj"],
        &["kjssxz"],
    ),
    // Places: 厦 xia / sha, 藏 zang / cang, 朝 chao / zhao, 都 du / dou, 番 pan / fan.
    (
        "厦门航空",
        &["xmhk", "xiamenhangkong", "shamen", "xmhangk"],
        &["xmhz"],
    ),
    (
        "西藏药业",
        &["xzyy", "xizangyaoye", "xicang", "xzyaoye"],
        &["xzyz"],
    ),
    (
        "北京朝阳医院",
        &["bjcyyy", "chaoyang", "zhaoyang", "bjzyyy"],
        &["bjcyyz"],
    ),
    (
        "成都银行",
        &["cdyh", "chengduyinhang", "chengdou"],
        &["cdyz"],
    ),
    (
        "番禺珠宝城",
        &["pyzbc", "panyu", "fanyu", "pyzhubao"],
        &["pyzbz"],
    ),
    (
        "六安瓜片茶业",
        &["lagpcy", "luan", "liuan", "lagp"],
        &["lagpz"],
    ),
    (
        "铅山县农商行",
        &["ysxnsh", "yanshan", "qianshan", "nongshanghang"],
        &["ysxnz"],
    ),
    (
        "蚌埠卷烟厂",
        &["bbjyc", "bengbu", "bangbu", "juanyanchang"],
        &["bbjyz"],
    ),
    (
        "枞阳县供销社",
        &["zyxgxs", "zongyang", "congyang"],
        &["zyxgxz"],
    ),
    ("乐亭县建材", &["ltxjc", "laoting", "leting"], &["ltxjz"]),
    ("蔚县剪纸厂", &["yxjzc", "yuxian", "weixian"], &["yxjzz"]),
    (
        "东阿阿胶",
        &["deej", "dongeejiao", "dongaajiao", "daaj"],
        &["deez"],
    ),
    ("尉犁县棉业", &["ylxmy", "yuli", "weili"], &["ylxmz"]),
    ("涡阳县食品", &["gyxsp", "guoyang", "woyang"], &["gyxsz"]),
    // Several polyphonic characters in one name.
    (
        "重庆长安银行",
        &[
            "cqcayh",
            "zhongqingzhanganyinxing",
            "chongqingchanganyinhang",
        ],
        &["cqcayz"],
    ),
    (
        "长乐会展中心",
        &["clhzzx", "changle", "zhangyue", "kuaizhan", "hzzx"],
        &["clhzzz"],
    ),
    (
        "行行行贸易",
        &["hhhmy", "xxxmy", "hangxinghang", "xhxmaoyi"],
        &["hhhmz"],
    ),
    // Surnames read otherwise: 单 shan, 曾 zeng, 查 zha, 解 xie, 仇 qiu, 翟 zhai, 区 ou.
    (
        "单田芳书场",
        &["stfsc", "shantianfang", "dantianfang"],
        &["stfsz"],
    ),
    ("曾氏五金", &["zswj", "zengshiwujin", "cengshi"], &["zswz"]),
    ("查氏纺织", &["zsfz", "zhashi", "chashi"], &["zsfzz"]),
    ("解放牌汽车", &["jfpqc", "xiefang", "jiefang"], &["jfpqz"]),
    ("仇记茶庄", &["qjcz", "qiuji", "chouji"], &["qjcc"]),
    ("翟家铺子", &["zjpz", "zhaijia", "dijia"], &["zjpp"]),
    ("区氏药行", &["osyh", "oushi", "qushi"], &["osyy"]),
    // ü as v: 吕 绿 旅 律 女 屡.
    // 绿 reads lù too (绿林), so `ludi` finds it as well.
    (
        "绿地集团",
        &["ldjt", "lvdi", "lvdijituan", "lüdi"],
        &["lvti", "ldjz"],
    ),
    (
        "吕梁煤业",
        &["llmy", "lvliang", "lvliangmeiye"],
        &["luliang", "llmz"],
    ),
    (
        "春秋旅行社",
        &["cqlxs", "lvxingshe", "chunqiulvhang", "lxs"],
        &["luxingshe", "cqlxz"],
    ),
    (
        "金杜律师事务所",
        &["jdlssws", "lvshi", "jindulvshi"],
        &["jdlsswz"],
    ),
    (
        "好女人服饰",
        &["hnrfs", "nvren", "haonvren"],
        &["nuren", "hnrfz"],
    ),
    // Names without a polyphonic character, as a rep types them.
    (
        "华润万家",
        &["hrwj", "huarun", "huarunwanjia", "hrwanjia"],
        &["hrwz", "huarunwanjiaa"],
    ),
    ("格力电器", &["gldq", "geli", "gelidianqi"], &["gldz"]),
    ("贵州茅台", &["gzmt", "maotai", "guizhoumaotai"], &["gzmz"]),
    ("五粮液", &["wly", "wuliangye"], &["wlz"]),
    (
        "京东方科技",
        &["jdfkj", "jingdongfang", "jdfangkeji"],
        &["jdfkz"],
    ),
    ("万科企业", &["wkqy", "wanke", "wankeqiye"], &["wkqz"]),
    ("海尔智家", &["hezj", "haier", "haierzhijia"], &["hezz"]),
    ("比亚迪汽车", &["bydqc", "biyadi", "byd"], &["bydqz"]),
    (
        "欧阳五金商行",
        &["oywjsh", "ouyang", "oyangwujin"],
        &["oywjsz"],
    ),
    (
        "司马光砸缸文化",
        &["smgzgwh", "sima", "simaguang"],
        &["smgzgz"],
    ),
    // Traditional characters: a search in simplified characters or pinyin finds them,
    // and a search in traditional characters finds names written simplified.
    (
        "長城電器",
        &["长城电器", "長城", "ccdq", "changchengdianqi", "长城d"],
        &["ccdz"],
    ),
    (
        "香港滙豐銀行",
        &["汇丰", "滙豐", "xghfyh", "huifeng", "汇丰yh"],
        &["xghfyz"],
    ),
    (
        "臺灣積體電路",
        &["台湾", "台灣積體", "twjtdl", "taiwanjiti"],
        &["twjtdz"],
    ),
    ("澳門旅遊", &["澳门旅游", "amly", "aomenlvyou"], &["amlz"]),
    ("鴻海精密", &["鸿海", "hhjm", "honghai"], &["hhjz"]),
    (
        "國泰航空",
        &["国泰", "gthk", "guotai", "guotaihangkong"],
        &["gthz"],
    ),
    ("華碩電腦", &["华硕", "hsdn", "huashuo"], &["hsdz"]),
    (
        "深圳华侨城",
        &["深圳華僑城", "szhqc", "huaqiaocheng"],
        &["szhqz"],
    ),
    (
        "广州长隆",
        &["廣州長隆", "gzcl", "changlong", "guangzhouzhanglong"],
        &["gzcz"],
    ),
    // Full width, as an IME in full-width mode types it.
    (
        "ＴＣＬ集团",
        &["tcl", "TCL", "ｔｃｌ", "tcljt", "tcl集团"],
        &["tcm"],
    ),
    (
        "三一重工",
        &["syzg", "ＳＹＺＧ", "sanyizhonggong", "sanyichonggong"],
        &["syzz"],
    ),
    (
        "360安全科技",
        &["360", "３６０", "360aq", "360anquan", "３６０ａｑ"],
        &["361"],
    ),
];

fn entries() -> Vec<CatalogueEntry> {
    NAMES
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| {
            let mut c = Customer {
                id: format!("{i:03}"),
                archive_no: format!("R07-2026-{:05}", i + 1),
                ..Default::default()
            };
            c.basic.name = (*name).into();
            CatalogueEntry::of(&c)
        })
        .collect()
}

fn found(entries: &[CatalogueEntry], text: &str) -> Vec<String> {
    let query = Query {
        text: text.into(),
        ..Default::default()
    };
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
    query::run(entries, &query, now)
        .into_iter()
        .flat_map(|g| g.rows)
        .map(|i| entries[i].name.clone())
        .collect()
}

#[test]
fn the_table_is_as_large_as_it_says() {
    assert!(NAMES.len() >= 60, "{} names", NAMES.len());
    let polyphonic = NAMES
        .iter()
        .filter(|(name, _, _)| {
            name.chars()
                .any(|c| crate::core::pinyin::readings(c).len() > 1)
        })
        .count();
    assert!(
        polyphonic >= 30,
        "{polyphonic} names with a polyphonic character"
    );
}

#[test]
fn every_query_finds_its_name() {
    let entries = entries();
    let mut failures = Vec::new();
    for (name, queries, _) in NAMES {
        for query in *queries {
            if !found(&entries, query).iter().any(|n| n == name) {
                failures.push(format!("{query} → {name}"));
            }
        }
    }
    assert!(failures.is_empty(), "not found: {failures:#?}");
}

#[test]
fn near_misses_find_nothing() {
    let entries = entries();
    let mut failures = Vec::new();
    for (_, _, misses) in NAMES {
        for query in *misses {
            let got = found(&entries, query);
            if !got.is_empty() {
                failures.push(format!("{query} found {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
