-- The audit log is append-only (domain.md §8): refuse updates and deletes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
-- The 27 ADM1 units ship with the app (OCHA COD-AB names, domain.md §3).
INSERT INTO admin_units (pcode, level, name_en, name_uk, parent_pcode) VALUES
('UA01', 1, 'Autonomous Republic of Crimea', 'Автономна Республіка Крим', NULL),
('UA05', 1, 'Vinnytska', 'Вінницька', NULL),
('UA07', 1, 'Volynska', 'Волинська', NULL),
('UA12', 1, 'Dnipropetrovska', 'Дніпропетровська', NULL),
('UA14', 1, 'Donetska', 'Донецька', NULL),
('UA18', 1, 'Zhytomyrska', 'Житомирська', NULL),
('UA21', 1, 'Zakarpatska', 'Закарпатська', NULL),
('UA23', 1, 'Zaporizka', 'Запорізька', NULL),
('UA26', 1, 'Ivano-Frankivska', 'Івано-Франківська', NULL),
('UA32', 1, 'Kyivska', 'Київська', NULL),
('UA35', 1, 'Kirovohradska', 'Кіровоградська', NULL),
('UA44', 1, 'Luhanska', 'Луганська', NULL),
('UA46', 1, 'Lvivska', 'Львівська', NULL),
('UA48', 1, 'Mykolaivska', 'Миколаївська', NULL),
('UA51', 1, 'Odeska', 'Одеська', NULL),
('UA53', 1, 'Poltavska', 'Полтавська', NULL),
('UA56', 1, 'Rivnenska', 'Рівненська', NULL),
('UA59', 1, 'Sumska', 'Сумська', NULL),
('UA61', 1, 'Ternopilska', 'Тернопільська', NULL),
('UA63', 1, 'Kharkivska', 'Харківська', NULL),
('UA65', 1, 'Khersonska', 'Херсонська', NULL),
('UA68', 1, 'Khmelnytska', 'Хмельницька', NULL),
('UA71', 1, 'Cherkaska', 'Черкаська', NULL),
('UA73', 1, 'Chernivetska', 'Чернівецька', NULL),
('UA74', 1, 'Chernihivska', 'Чернігівська', NULL),
('UA80', 1, 'Kyiv', 'Київ', NULL),
('UA85', 1, 'Sevastopol', 'Севастополь', NULL);
