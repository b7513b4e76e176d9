// The canonical Frontdesk schema: each table module is re-exported here.
export {};
