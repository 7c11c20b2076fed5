import { createRuleClassifier } from './src/classify/rules/rule-classifier.ts';
import { contestFilesIn } from './src/classify/rules/election-calendar.load.ts';
const c = await createRuleClassifier({ extraContestFiles: await contestFilesIn(['data/demo/contests']) });
for (const t of ['Foto bersama pak Heru Santoso tadi pagi 🤟', 'DIDIK PURNOMO\nABDUL ROZAQ\n02\nCOBLOS NOMOR 2 #DIR02024', 'sama prabowo ✌️', 'PARTAI GERINDRA no 2', 'Selamat datang PDIP', 'JADWAL POSYANDU BALITA\nDesa Kedungsari, Sabtu 9 November 2024\nPukul 08.00']) {
  console.log(JSON.stringify(t), JSON.stringify(c.electoralMarks(t)));
  const r = (await c.classify([t]))[0]!;
  console.log('  ', r.flags, r.scores.partisan.toFixed(2));
}
