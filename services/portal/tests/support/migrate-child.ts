// One "task" starting up: migrate the database at argv[2] and print what it applied (JSON).
import { connectDatabases } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';

const url = process.argv[2] as string;
const dbs = connectDatabases({ writerUrl: url, readerUrl: url, poolMax: 2 });
migrateToLatest(dbs.writer)
  .then(async (result) => {
    console.log(JSON.stringify(result));
    await dbs.close();
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await dbs.close();
    process.exit(1);
  });
