/** Seeded randomness and the Japanese names the bench data is made of: the same data on every run of the same scale. */

/** mulberry32: small, fast and good enough for test data; never for anything secret. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys, drawn with the given weights. */
  weighted<T extends string>(weights: Readonly<Partial<Record<T, number>>>): T {
    const entries = (Object.entries(weights) as [T, number | undefined][]).filter((entry): entry is [T, number] => entry[1] !== undefined);
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** The municipalities the bench organizations stand for (romaji for codes and URLs). */
export const MUNICIPALITIES: readonly { name: string; romaji: string; prefecture: string }[] = [
  { name: '札幌市', romaji: 'sapporo', prefecture: '北海道' },
  { name: '仙台市', romaji: 'sendai', prefecture: '宮城県' },
  { name: 'さいたま市', romaji: 'saitama', prefecture: '埼玉県' },
  { name: '千葉市', romaji: 'chiba', prefecture: '千葉県' },
  { name: '横浜市', romaji: 'yokohama', prefecture: '神奈川県' },
  { name: '新潟市', romaji: 'niigata', prefecture: '新潟県' },
  { name: '静岡市', romaji: 'shizuoka', prefecture: '静岡県' },
  { name: '名古屋市', romaji: 'nagoya', prefecture: '愛知県' },
  { name: '京都市', romaji: 'kyoto', prefecture: '京都府' },
  { name: '神戸市', romaji: 'kobe', prefecture: '兵庫県' },
  { name: '岡山市', romaji: 'okayama', prefecture: '岡山県' },
  { name: '広島市', romaji: 'hiroshima', prefecture: '広島県' },
  { name: '松山市', romaji: 'matsuyama', prefecture: '愛媛県' },
  { name: '福岡市', romaji: 'fukuoka', prefecture: '福岡県' },
  { name: '熊本市', romaji: 'kumamoto', prefecture: '熊本県' },
  { name: '那覇市', romaji: 'naha', prefecture: '沖縄県' },
];

export const DEPARTMENTS: readonly { name: string; romaji: string }[] = [
  { name: '総務課', romaji: 'somu' },
  { name: '人事課', romaji: 'jinji' },
  { name: '財政課', romaji: 'zaisei' },
  { name: '税務課', romaji: 'zeimu' },
  { name: '市民課', romaji: 'shimin' },
  { name: '保険年金課', romaji: 'hoken' },
  { name: '介護保険課', romaji: 'kaigo' },
  { name: '福祉総務課', romaji: 'fukushi' },
  { name: '子育て支援課', romaji: 'kosodate' },
  { name: '健康推進課', romaji: 'kenko' },
  { name: '環境政策課', romaji: 'kankyo' },
  { name: '都市計画課', romaji: 'toshi' },
  { name: '道路管理課', romaji: 'doro' },
  { name: '上下水道局', romaji: 'suido' },
  { name: '教育総務課', romaji: 'kyoiku' },
  { name: '学校教育課', romaji: 'gakko' },
  { name: '生涯学習課', romaji: 'shogai' },
  { name: '図書館', romaji: 'toshokan' },
  { name: '消防本部', romaji: 'shobo' },
  { name: '危機管理課', romaji: 'kiki' },
  { name: '広報広聴課', romaji: 'koho' },
  { name: '情報政策課', romaji: 'joho' },
  { name: '会計課', romaji: 'kaikei' },
  { name: '商工観光課', romaji: 'kanko' },
  { name: '農林水産課', romaji: 'norin' },
  { name: '選挙管理委員会事務局', romaji: 'senkyo' },
];

export const SURNAMES: readonly string[] = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '山口',
  '松本',
  '井上',
  '木村',
  '林',
  '斎藤',
  '清水',
  '山崎',
  '森',
  '池田',
  '橋本',
  '阿部',
  '石川',
  '山下',
  '中島',
  '石井',
  '小川',
  '前田',
  '岡田',
  '長谷川',
  '藤田',
  '後藤',
  '近藤',
  '村上',
  '遠藤',
  '青木',
  '坂本',
];

export const GIVEN_NAMES: readonly string[] = [
  '翔太',
  '大輔',
  '健一',
  '直樹',
  '拓也',
  '陽子',
  '美咲',
  '由美',
  '恵子',
  '真由美',
  '裕子',
  '智子',
  '亮',
  '誠',
  '修',
  '浩二',
  '和也',
  'さくら',
  '結衣',
  '葵',
  '蓮',
  '悠人',
  '愛',
  '彩',
  '舞',
  '千尋',
  '健太',
  '隆',
  '聡',
  '明美',
];

const VENDOR_CORES: readonly string[] = [
  'あおば',
  'ひかり',
  'みらい',
  '北斗',
  '東邦',
  '中央',
  '日本',
  '関東',
  '東北',
  '九州',
  '北陸',
  '瀬戸内',
  '富士',
  '桜',
  '若葉',
  '大和',
  '信濃',
  '常磐',
  'アルファ',
  'ネクスト',
  'グリーン',
  'サンライズ',
  'トライ',
  'ユニ',
  'エース',
  'コスモ',
  '新日本',
  '第一',
  '三和',
  '昭和',
  'ｻｸﾗ',
  'ＡＢＣ',
  '北海道',
  '四国',
  '山陰',
  '南日本',
  'オリオン',
  'アーク',
  'ライト',
  '双葉',
];

const VENDOR_BUSINESSES: readonly string[] = [
  '情報システム',
  'データサービス',
  'ソリューションズ',
  'テクノロジー',
  'ネットワークス',
  '電算',
  'コンピュータサービス',
  'システムズ',
  'クラウド',
  '計算センター',
  '情報サービス',
  'ソフトウェア',
  '通信',
  'ITサービス',
  'デジタル',
];

/** `count` distinct vendor names such as 株式会社みらい情報システム or 北斗電算株式会社. */
export function vendorNames(random: SeededRandom, count: number): string[] {
  const all: string[] = [];
  for (const core of VENDOR_CORES) {
    for (const business of VENDOR_BUSINESSES) {
      all.push(`株式会社${core}${business}`, `${core}${business}株式会社`);
    }
  }
  const shuffled = random.shuffle(all);
  if (count > shuffled.length) {
    // Larger scales: repeat the list with a branch suffix, as groups of companies do.
    for (let i = shuffled.length; i < count; i++) shuffled.push(`${shuffled[i % all.length]} ${Math.floor(i / all.length) + 1}号支社`);
  }
  return shuffled.slice(0, count);
}

export const CITIES_FOR_ADDRESSES: readonly string[] = [
  '東京都千代田区霞が関一丁目',
  '東京都港区芝公園二丁目',
  '大阪府大阪市北区梅田三丁目',
  '愛知県名古屋市中区栄四丁目',
  '福岡県福岡市博多区博多駅前二丁目',
  '北海道札幌市中央区北一条西二丁目',
  '宮城県仙台市青葉区本町三丁目',
  '広島県広島市中区基町',
  '神奈川県横浜市西区みなとみらい二丁目',
  '京都府京都市下京区烏丸通',
];

/**
 * The fields of work a subject serves. Names lead with them ("国民健康保険システム運用保守業務委託（令和7年度）",
 * "子育て支援LINE公式アカウント"), so that a page of the list sorted by name mixes the three kinds as a real
 * register does, instead of listing one kind's names first.
 */
export const FIELDS_OF_WORK: readonly string[] = [
  '住民基本台帳',
  '戸籍',
  '個人住民税',
  '固定資産税',
  '軽自動車税',
  '国民健康保険',
  '後期高齢者医療',
  '介護保険',
  '国民年金',
  '児童手当',
  '保育',
  '子育て支援',
  '生活保護',
  '障害福祉',
  '健康診断',
  '予防接種',
  '母子保健',
  'ごみ収集',
  '上下水道',
  '道路管理',
  '都市計画',
  '公営住宅',
  '防災',
  '消防',
  '選挙',
  '図書館',
  '学校給食',
  '就学援助',
  '生涯学習',
  '文化財',
  '観光振興',
  '商工振興',
  '農業振興',
  '財務会計',
  '人事給与',
  '文書管理',
  '議会',
  '広報',
  '統計',
  '庁舎管理',
];

export const CONTRACT_WORKS: readonly string[] = [
  'BPO',
  'システム運用保守',
  'システム改修',
  'システム構築',
  'システム機器更新',
  'データ入力',
  'データ移行',
  '帳票印刷・封入封緘',
  '窓口',
  'コールセンター運営',
  'ヘルプデスク',
  'データ消去・廃棄',
];

export const CLOUD_SERVICES: readonly string[] = [
  'AI議事録作成サービス',
  'AI翻訳サービス',
  'Web会議サービス',
  'オンライン申請サービス',
  'アンケート作成サービス',
  'チャットボット',
  'ファイル共有サービス',
  'メール配信サービス',
  '電子契約サービス',
  '施設予約システム',
  'ノーコード業務アプリ',
  'キャッシュレス決済サービス',
];

export const SOCIAL_PLATFORMS = {
  X: { label: 'X公式アカウント', url: 'https://x.com/' },
  FACEBOOK: { label: 'Facebookページ', url: 'https://www.facebook.com/' },
  INSTAGRAM: { label: 'Instagram', url: 'https://www.instagram.com/' },
  LINE: { label: 'LINE公式アカウント', url: 'https://lin.ee/' },
  YOUTUBE: { label: 'YouTubeチャンネル', url: 'https://www.youtube.com/@' },
  TIKTOK: { label: 'TikTok', url: 'https://www.tiktok.com/@' },
  NOTE: { label: 'note', url: 'https://note.com/' },
  OTHER: { label: 'ポッドキャスト', url: 'https://podcast.example.jp/' },
} as const;

export const EVIDENCE_REFERENCES: readonly string[] = [
  '第3条',
  '第5条第2項',
  '第7条',
  '第12条',
  '第15条',
  '特記仕様書 第2条',
  '特記仕様書 第4条第1項',
  '情報セキュリティ特記事項 第1項',
  '情報セキュリティ特記事項 第6項',
  '別紙2 セキュリティ要件 4.1',
  'SLA 第3章',
  '利用規約 第9条',
];

export const WAIVER_JUSTIFICATIONS: readonly string[] = [
  '当該業務では個人情報及び機密性2以上の情報を取り扱わないため。',
  '提供者の標準約款で同等の内容が担保されており、個別契約での規定が困難なため。',
  '短期間の試行利用であり、取り扱う情報は公開情報に限られるため。',
];

export const REJECTION_COMMENTS: readonly string[] = [
  '条文の記載が抽象的です。具体的な措置を明記してください。',
  '再委託の承認手続が規定されていません。',
  '参照先の条項に該当する記載が見当たりません。',
];
