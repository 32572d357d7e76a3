import { Router } from 'express';
import { currentUser } from '../middleware/signIn';

export function homeRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const user = currentUser(res);
    res.render('home/index', { title: 'Home', user });
  });
  return router;
}
