// Package juki is the link of kasane to the municipality's resident register
// (住民基本台帳, kept in the 住民記録システム): the daily 異動 file
// (転居・転出・転入・死亡・氏名変更) read and checked (file.go), and what each
// row does to a person record (decide.go). It has no I/O of its own beyond
// the reader it is given: sqldb applies the decisions inside one transaction
// (sqldb.ApplyJuki), and cmd/kasane reads the file (`kasane juki apply`).
//
// The key is the 宛名番号 (persons.atena_no), the number the municipal
// system gives each person it records. It is never the 個人番号 (行政手続に
// おける特定の個人を識別するための番号の利用等に関する法律 第9条・第20条: kasane is
// not a 個人番号利用事務 system and must not collect it) nor the 住民票コード
// (住民基本台帳法第30条の38: no database of 住民票コード outside the 市町村長等).
package juki
