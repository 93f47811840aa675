-- The post stages (核实派发, 核实, 核查派发, 值班长) and the working-time clocks of every stage,
-- added to cases after the first warehouses were written. Rows loaded before keep NULL in them:
-- the stage was not recorded then, which the indicators read as "not recorded", never as late.
-- A reload of the source fills them.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS verify_dispatched_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS verified_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS check_dispatched_at TIMESTAMP;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS shift_leader_ref VARCHAR;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS due_derived BOOLEAN;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS dispose_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS close_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS dispatch_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS check_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS verify_dispatch_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS verify_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS register_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS check_dispatch_work_hours DOUBLE;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS close_after_check_work_hours DOUBLE;
