// One line of the doctor's checklist.
export interface CheckResult {
  name: string;
  status: 'pass' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}
