// `npm run destroy -- --stage <stage> [--dry-run] [...]`: see pipeline.ts and docs/deployment-guide.md.
import { main } from './pipeline';

main('destroy').then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
