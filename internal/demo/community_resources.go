package demo

import "kasane/internal/casework"

// demoResources lists the places and hosts of the demo city with their
// sessions. Counts are by group only: no participant is named.
func demoResources() []resourceSeed {
	return []resourceSeed{
		{key: "engawa", by: "community", day: 200, lat: 35.0123, lng: 135.0041,
			r: casework.Resource{Name: "まちの縁側 北町（夜の居場所）", Kind: "居場所", Operator: "まちの縁側プロジェクト", Address: "かさね市北町二丁目8番地 旧北町商店",
				District: "北町", TargetGroups: []string{"誰でも", "若者", "ひきこもりの人"}, AcceptsParticipants: true, Menus: []string{"居場所参加"},
				Activities: []string{"おしゃべり", "ゲーム", "読書・学習"}, Schedule: "第2・第4金曜 19:00〜21:00", Days: []string{"金"}, TimeSlots: []string{"夜間"},
				Capacity: 15, Accessibility: []string{"少人数", "静かな環境", "見学可", "短時間から可"}},
			sessions: []sessionSeed{
				{day: 118, counts: map[string]int{"若者(18-39歳)": 3, "中年(40-64歳)": 4, "高齢者(65歳以上)": 1, "ボランティア・支え手": 3}},
				{day: 90, counts: map[string]int{"若者(18-39歳)": 4, "中年(40-64歳)": 3, "初めての参加者": 2, "ボランティア・支え手": 3}, note: "社協職員の同行で初めての参加者あり。"},
				{day: 62, counts: map[string]int{"若者(18-39歳)": 5, "中年(40-64歳)": 4, "高齢者(65歳以上)": 1, "ボランティア・支え手": 2}},
				{day: 34, counts: map[string]int{"若者(18-39歳)": 4, "中年(40-64歳)": 5, "初めての参加者": 1, "ボランティア・支え手": 2}, note: "鉄道模型の持ち寄り会。"},
			}},
		{key: "oyako", by: "community", day: 190, lat: 34.9931, lng: 135.0112,
			r: casework.Resource{Name: "えんがわ親子サロン 若葉台", Kind: "サロン", Operator: "まちの縁側プロジェクト", Address: "かさね市若葉台2丁目 若葉台集会所",
				District: "若葉台", TargetGroups: []string{"子育て世帯"}, Activities: []string{"おしゃべり", "子どもと関わる"},
				Schedule: "毎週火曜 10:00〜12:00", Days: []string{"火"}, TimeSlots: []string{"午前"}, Capacity: 12,
				Accessibility: []string{"多目的トイレ", "駐車場", "見学可"}},
			sessions: []sessionSeed{
				{day: 88, counts: map[string]int{"乳幼児": 6, "中年(40-64歳)": 1, "若者(18-39歳)": 5, "ボランティア・支え手": 2}},
				{day: 60, counts: map[string]int{"乳幼児": 7, "若者(18-39歳)": 4, "中年(40-64歳)": 2, "初めての参加者": 1, "ボランティア・支え手": 2}},
				{day: 32, counts: map[string]int{"乳幼児": 8, "若者(18-39歳)": 6, "中年(40-64歳)": 1, "ボランティア・支え手": 2}, note: "介護と子育ての両立を話題にした回。"},
			}},
		{key: "shokudo", by: "community", day: 185, lat: 35.0058, lng: 135.0187,
			r: casework.Resource{Name: "ひだまり子ども食堂・学習会", Kind: "子ども食堂", Operator: "NPO法人 ひだまり", Address: "かさね市旭町3丁目 旭町公民館",
				District: "旭町", TargetGroups: []string{"子ども", "子育て世帯", "生活に困っている人", "外国にルーツのある人"}, AcceptsParticipants: true,
				Menus: []string{"ボランティア", "学習"}, Activities: []string{"料理", "子どもと関わる", "読書・学習"},
				Schedule: "毎週水・金曜 16:00〜19:30", Days: []string{"水", "金"}, TimeSlots: []string{"午後", "夜間"}, Capacity: 40,
				Accessibility: []string{"駅・バス停が近い", "外国語対応"}},
			sessions: []sessionSeed{
				{day: 66, counts: map[string]int{"小学生": 18, "中高生": 7, "若者(18-39歳)": 3, "中年(40-64歳)": 4, "外国にルーツのある人": 3, "ボランティア・支え手": 6}},
				{day: 45, counts: map[string]int{"小学生": 21, "中高生": 8, "若者(18-39歳)": 2, "中年(40-64歳)": 5, "外国にルーツのある人": 4, "ボランティア・支え手": 7}},
				{day: 25, counts: map[string]int{"小学生": 20, "中高生": 9, "中年(40-64歳)": 4, "初めての参加者": 2, "ボランティア・支え手": 6}},
			}},
		{key: "taiso", by: "community", day: 180, lat: 35.0004, lng: 134.9912,
			r: casework.Resource{Name: "緑ケ丘いきいき百歳体操", Kind: "通いの場", Operator: "緑ケ丘自治会", Address: "かさね市緑ケ丘2丁目 緑ケ丘会館",
				District: "緑ケ丘", TargetGroups: []string{"高齢者"}, Activities: []string{"体を動かす", "おしゃべり"},
				Schedule: "毎週月曜 10:00〜11:30", Days: []string{"月"}, TimeSlots: []string{"午前"}, Capacity: 30,
				Accessibility: []string{"車いす可", "送迎あり", "短時間から可"}},
			sessions: []sessionSeed{
				{day: 77, counts: map[string]int{"高齢者(65歳以上)": 22, "ボランティア・支え手": 3}},
				{day: 49, counts: map[string]int{"高齢者(65歳以上)": 24, "初めての参加者": 2, "ボランティア・支え手": 3}},
			}},
		{key: "salon", by: "community", day: 175, lat: 35.0072, lng: 135.0213,
			r: casework.Resource{Name: "旭町ふれあいサロン", Kind: "サロン", Operator: "旭町ふれあいサロン世話人会", Address: "かさね市旭町1丁目 旭町第一集会所（2階）",
				District: "旭町", TargetGroups: []string{"高齢者", "誰でも"}, Activities: []string{"おしゃべり", "音楽・芸術", "ものづくり"},
				Schedule: "第1・第3木曜 13:30〜15:30", Days: []string{"木"}, TimeSlots: []string{"午後"}, Capacity: 25},
			sessions: []sessionSeed{
				{day: 99, counts: map[string]int{"高齢者(65歳以上)": 16, "中年(40-64歳)": 2, "ボランティア・支え手": 4}},
				{day: 71, counts: map[string]int{"高齢者(65歳以上)": 14, "障害のある人": 1, "ボランティア・支え手": 4}},
				{day: 43, counts: map[string]int{"高齢者(65歳以上)": 18, "初めての参加者": 3, "ボランティア・支え手": 5}, note: "うたごえ喫茶の回。"},
			}},
		{key: "noen", by: "participation", host: oNoen, day: 160, lat: 34.9968, lng: 134.9874,
			r: casework.Resource{Name: "かさね農園 就労体験", Kind: "就労体験先", Operator: "株式会社 かさね農園", Address: "かさね市緑ケ丘5丁目 かさね農園",
				District: "緑ケ丘", TargetGroups: []string{"若者", "ひきこもりの人", "障害のある人", "生活に困っている人"}, AcceptsParticipants: true,
				Menus: []string{"就労体験", "ボランティア"}, Activities: []string{"農作業", "清掃・軽作業"}, Schedule: "火・金曜 9:30〜11:30（雨天は屋内作業）",
				Days: []string{"火", "金"}, TimeSlots: []string{"午前"}, Capacity: 3,
				Accessibility:    []string{"少人数", "静かな環境", "見学可", "短時間から可", "同行支援可"},
				HostSupportNeeds: "初めての人の受け入れでは、作業の切り出し方と声のかけ方について支援機関に相談したい。雨の日の作業の幅を広げたい。"},
			sessions: []sessionSeed{
				{day: 45, counts: map[string]int{"若者(18-39歳)": 1, "中年(40-64歳)": 1, "ボランティア・支え手": 2}, note: "苗のポット上げ。"},
				{day: 24, counts: map[string]int{"若者(18-39歳)": 2, "中年(40-64歳)": 1, "ボランティア・支え手": 2}},
			}},
		{key: "tosho", by: "participation", day: 150, lat: 35.0031, lng: 135.0066,
			r: casework.Resource{Name: "市立図書館 本の修理ボランティア", Kind: "ボランティア", Operator: "かさね市立中央図書館", Address: "かさね市本郷1丁目 中央図書館",
				District: "本郷", TargetGroups: []string{"誰でも", "若者", "ひきこもりの人"}, AcceptsParticipants: true, Menus: []string{"ボランティア"},
				Activities: []string{"ものづくり", "読書・学習"}, Schedule: "第1・第3土曜 10:00〜12:00", Days: []string{"土"}, TimeSlots: []string{"午前"},
				Capacity: 8, Accessibility: []string{"エレベーター", "多目的トイレ", "静かな環境", "少人数", "見学可"}},
			sessions: []sessionSeed{
				{day: 54, counts: map[string]int{"若者(18-39歳)": 2, "中年(40-64歳)": 3, "高齢者(65歳以上)": 2}},
				{day: 26, counts: map[string]int{"若者(18-39歳)": 3, "中年(40-64歳)": 2, "高齢者(65歳以上)": 2, "初めての参加者": 1}},
			}},
	}
}
