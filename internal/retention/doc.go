// Package retention holds the rules of 保存年限・廃棄 (retention and disposal)
// of kasane's records (issue 23): the retention policy per record type, when
// a record's period ends, who may propose, approve and carry out a disposal,
// and the legal holds that stop it. Like casework it has no I/O; sqldb calls
// these checks inside the storage transaction.
//
// Where the rules come from:
//
//   - 個人情報の保護に関する法律（令和3年法律第37号による改正後。地方公共団体には令和5年4月1日から適用）
//     第61条第2項: 行政機関等は、利用目的の達成に必要な範囲を超えて個人情報を保有してはならない
//     (保有の制限). A record whose purpose has ended must not be kept for ever.
//     第65条: 行政機関の長等は、利用目的の達成に必要な範囲内で、保有個人情報が過去又は現在の事実と
//     合致するよう努めなければならない (正確性の確保、努力義務). The express duty to endeavour to
//     erase data no longer needed (利用する必要がなくなったときは…遅滞なく消去するよう努めなければならない)
//     is 第22条, which binds the 委託先 that are 個人情報取扱事業者 (社会福祉協議会, NPO, 法人の相談支援事業所…);
//     for the municipality itself the same result follows from 第61条 and its 文書管理規程.
//   - 公文書等の管理に関する法律 第34条: 地方公共団体は、この法律の趣旨にのっとり、その保有する文書の
//     適正な管理に関して必要な施策を策定し、及びこれを実施するよう努めなければならない. The municipality's
//     文書管理規程 sets the 保存期間 of each kind of document and requires a 廃棄の決定 and a record of it
//     (廃棄簿); kasane follows the common form of those 規程:
//     the period counts from April 1 of the fiscal year after the one in which the record was completed
//     (完結の日の属する年度の翌年度の4月1日を起算日とする, as in the national 「行政文書の管理に関するガイドライン」),
//     a 廃棄 is decided by the one responsible and the decision is kept.
//
// What disposal does (see sqldb/retention_dispose.go): the records are
// anonymized, not deleted: every free-text field is emptied, and once every
// record of a person is disposed the person is anonymized (names, kana,
// birth date, addresses, phones). The rows with their codes and dates stay,
// so the annual report of any past year gives the same totals after a
// disposal. The audit log is the exception: its events are deleted under
// their own retention (migration 0008), the chain staying verifiable.
package retention
