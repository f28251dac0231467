// Table-driven tests of the Data Prep expression tokenizer: which bare tokens are field references.
import assert from 'node:assert/strict';
import { fieldReferences, tokenize } from '../../simulator/flow-service/expression-fields';

const CASES: Array<[string, string[]]> = [
  ['Id', ['Id']],
  ['"Salesforce"', []],
  ["'Salesforce'", []],
  ['"00D5j00000SIMULAT"', []],
  ['00D5j00000SIMULAT', ['00D5j00000SIMULAT']],
  ['concat(Id,"@00D5j00000SIMULAT.Salesforce")', ['Id']],
  ['concat(Id, \'@\', 00D5j00000SIMULAT)', ['Id', '00D5j00000SIMULAT']],
  ['iif(AccountId != null && AccountId != "", to_object("sourceType", "Salesforce", "sourceKey", concat(AccountId,"@x.Salesforce")), null)', ['AccountId']],
  ['lower(trim(Email))', ['Email']],
  ['iif(isDeleted == true, false, TRUE)', ['isDeleted']],
  ['NULL', []],
  ['42', []],
  ['3.14', []],
  ['1e+5', []],
  ['Amount * 100', ['Amount']],
  ['"it\\"s" + Name', ['Name']],
  ["'it\\'s (not a call)' + Title", ['Title']],
  ['address.city', ['address.city']],
  ['upper (Name)', ['Name']],
  ['concat(FirstName, " ", LastName, " ", FirstName)', ['FirstName', 'LastName']],
  ['iif(Type == "Customer", "a", "b")', ['Type']],
  ['Field_2', ['Field_2']],
];

describe('simulator: Data Prep expression field references', () => {
  for (const [expr, fields] of CASES) {
    it(`${expr} reads ${fields.length ? fields.join(', ') : 'no field'}`, () => {
      assert.deepEqual(fieldReferences(expr), fields);
    });
  }

  it('classifies every token', () => {
    assert.deepEqual(tokenize('iif(x == 1, "a", null)').map((t) => `${t.kind}:${t.text}`), [
      'function:iif', 'punct:(', 'field:x', 'punct:=', 'punct:=', 'number:1', 'punct:,', 'string:"a"', 'punct:,', 'keyword:null', 'punct:)',
    ]);
  });
});
